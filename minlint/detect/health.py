"""Health detectors: medical record numbers, provider ids, diagnosis/procedure codes, labs, notes.

Rows have the same shape as the PII table (`entities.EntitySpec`). Codes whose shape is generic
(CPT's five digits, NDC, ICD-9's three) are trusted only under a column-name signal; codes with a
check digit (NPI, DEA, NHS, SNOMED CT, LOINC) are recognised from validated values alone; ICD-10,
ATC and the Medicare MBI have shapes distinctive enough on their own.

`DATASET_RULES` turn free text that reads like a clinical note into CLINICAL_NOTE (personal health
data, 28 CFR 202.241) while identifiers found inside keep the column a direct identifier.
"""

from __future__ import annotations

import re
import unicodedata

from minlint.detect import validators
from minlint.detect.entities import DIRECT, HEALTH, EntitySpec
from minlint.detect.names import match_synonym
from minlint.model import ColumnProfile, Detection

# An id-like value: letters/digits with at least one digit, no spaces.
_ID_LIKE = r"[A-Za-z0-9_/-]{0,12}\d[A-Za-z0-9_/-]{0,20}"
# A measured value exported as text: `6.5`, `<0.1`, `5,4 mmol/L`, `98.6 F`, `120/80`. Bare integers
# are left to `numeric_range`: an integer column (a base-pair position called `bp`) is cast to
# text too, and its range is what tells a blood pressure from a genome coordinate.
_UNIT = r"[A-Za-zµ%°][A-Za-zµ%/°^*.0-9]{0,11}"
_MEASUREMENT = (
    rf"[<>≤≥]?=? ?-?\d+(?:[.,]\d+(?: ?{_UNIT})?|(?:[.,]\d+)?/\d+(?:[.,]\d+)?(?: ?{_UNIT})?|(?:[.,]\d+)? ?{_UNIT})"
    rf"|[<>≤≥]=? ?\d+(?:[.,]\d+)?"
)
# Medicare Beneficiary Identifier (CMS MBI format specification): letters exclude S, L, O, I, B, Z.
_MBI_ALPHA = "[AC-HJKMNP-RT-Y]"
_MBI_ALNUM = "[AC-HJKMNP-RT-Y0-9]"
_MBI = (
    f"[1-9]{_MBI_ALPHA}{_MBI_ALNUM}\\d-?{_MBI_ALPHA}{_MBI_ALNUM}\\d-?{_MBI_ALPHA}{_MBI_ALPHA}\\d\\d"
)

# Diagnoses written out (`Type 2 diabetes`, `Hypertonie`, `高血压`), recognised without a name
# signal by the names of specific conditions: whole words in English, German, French, Spanish,
# Portuguese and Russian, and Chinese, Japanese and Korean terms. General words (disease,
# infection, depression, cancer, disorder, 障害, 感染, 炎) also name malware alerts, storms,
# transistors, zodiac signs and IT incidents; they count only under a diagnosis column name.
_CONDITION_WORDS = (
    "diabetes|diabetic|diabète|diabetes mellitus|hypertension|hypertonie|hipertensão|hipertensión|"
    "asthma|asthme|carcinoma|karzinom|lymphoma|lymphom|linfoma|leuk[a]?emia|leukämie|leucemia|melanoma|"
    "sarcoma|myeloma|mieloma|schizophrenia|schizophrenie|esquizofrenia|dementia|demenz|démence|"
    "alzheimer's|alzheimer|parkinson's|parkinson|epilepsy|epilepsie|epilepsia|migraine|migräne|"
    "myocardial infarction|herzinfarkt|infarto|atrial fibrillation|vorhofflimmern|heart failure|"
    "herzinsuffizienz|pneumonia|pneumonie|neumonía|pneumonia|tuberculosis|tuberkulose|tuberculose|"
    "hepatitis|arthritis|arthrose|osteoarthritis|osteoporosis|osteoporose|copd|hypothyroidism|"
    "hyperthyroidism|anemia|anaemia|anämie|cirrhosis|nephropathy|neuropathy|retinopathy|"
    "cardiomyopathy|psoriasis|dermatitis|gastritis|colitis|crohn's disease|glaucoma|glaukom|"
    "cataract|hyperlipidemia|dyslipidemia|hypercholesterolemia|appendicitis|pancreatitis|"
    "sinusitis|otitis media|cystitis|bronchitis|chronic kidney disease|coronary artery disease|"
    # Conditions whose disclosure harms most (HIV, mental health, addiction, cancer)
    "hiv|hiv infection|depression|depressive disorder|dépression|depresión|depressão|bipolar disorder|"
    "anxiety disorder|panic disorder|ptsd|post-traumatic stress|schizoaffective|autism|adhd|"
    "cancer|krebs|cáncer|câncer|neoplasm|malignant|stroke|schlaganfall|obesity|adipositas|"
    "use disorder|alcohol dependence|opioid dependence|alcoholism|substance abuse|sickle cell|"
    "cystic fibrosis|multiple sclerosis|hemophilia|haemophilia|lupus|syphilis|gonorrhea|gonorrhoea|chlamydia|"
    "диабет|гипертония|астма|инфаркт|инсульт|пневмония|туберкулез|гепатит"
)
_CONDITION_CJK = (
    "糖尿病|高血压|高血圧|哮喘|喘息|冠心病|心脏病|心臓病|白血病|肺炎|肝炎|肺癌|胃癌|肝癌|乳腺癌|乳癌|"
    "结核|結核|脑卒中|脳卒中|中风|心肌梗死|心筋梗塞|帕金森|阿尔茨海默|癫痫|抑郁症|うつ病|认知症|"
    "認知症|痴呆|骨质疏松|骨粗鬆症|偏头痛|片頭痛|慢性阻塞性肺|당뇨|고혈압|천식|폐렴|우울증|뇌졸중|치매"
)
_CONDITION = (
    rf"[^\n]*?(?:(?i:(?:^|[^\p{{L}}])(?:{_CONDITION_WORDS})(?:$|[^\p{{L}}]))|{_CONDITION_CJK})[^\n]*"
)
# Under a diagnosis name, any wording: four letters, or two CJK characters (codes are ICD's).
_WORDING = r"[^\n]*(?:\p{L}{4}|[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]{2})[^\n]*"

SPECS: tuple[EntitySpec, ...] = (
    EntitySpec(
        entity="MEDICAL_RECORD_NUMBER",
        category=DIRECT,
        names=("mrn", "medical_record_number", "medical_record", "patient_id", "pat_id", "pt_id",
               "patient_number", "patient_no", "patientennummer", "patienten_id", "pat_nr",
               "fallnummer", "numero_patient", "num_dossier", "dossier_medical", "ipp",
               "historia_clinica", "nhc", "numero_historia", "cartella_clinica", "numero_cartella",
               "chart_number", "record_number",
               "person_id", "subject_id", "participant_id", "encounter_id", "visit_id",
               "case_number", "aktenzeichen_patient", "numero_dossier", "id_paciente"),
        pattern=r"(?i:mrn)[-_:# ]?\d{4,12}",
        named_pattern=_ID_LIKE,
        # `MRN: 123456`, `Medical Record No. 123456`, `Patient ID: 00456789`, `Pat.-Nr. 4711023`,
        # `Hosp No 1234567`, `MRN: A1234567`, `Medical Record Number: 12-345-678`; not `MR
        # #48213` (a merge request) nor `med rec` (medication reconciliation, or an accounting
        # one). Words that open prose too (patient, hospital, chart, case) only with a number
        # word after them.
        search=(
            r"\b(?:(?i:mrn|medical record|patient ?id|pt\.? ?id|patientennummer|patienten-?nr|pat\.?-nr|fallnummer"
            r"|fall-nr|nhc|ipp)(?: ?(?i:no|number|nr|num))?|(?i:patient|hosp|hospital|chart|case|dossier)"
            r" ?(?i:no|number|nr|num|#))\.?(?: ?[:#])? ?(?:[A-Z]{1,3}-?)?(?:\d{5,12}|\d{2,4}-\d{3}-\d{3})\b"
        ),
        description="Medical record number or person key (45 CFR 164.514(b)(2)(i)(H))",
    ),
    EntitySpec(
        entity="HEALTH_PLAN_ID",
        category=DIRECT,
        names=("member_id", "member_number", "subscriber_id", "subscriber_number", "enrollee_id",
               "beneficiary_id", "health_plan_id", "plan_member_id", "insurance_id",
               "insurance_number", "insured_id", "policy_number", "medicaid_id", "medicaid_number",
               "medicare_number", "hicn", "versichertennummer", "krankenversichertennummer",
               "kvnr", "versicherten_id", "versichertennr", "versicherten_nr", "numero_assure", "numero_adherent", "numero_afiliado",
               "numero_afiliacion", "tarjeta_sanitaria", "numero_poliza"),
        named_pattern=_ID_LIKE,
        # In text after its label: `member ID: XJH123456789`, `Versicherten-Nr. A123456780`.
        search=(
            r"\b(?i:member|subscriber|beneficiary|policy|insurance|versicherten)-?(?i: ?(?:id|no\.?|nr\.?"
            r"|number|#))[:#.]? ?[A-Z0-9][A-Z0-9-]{5,19}\b"
        ),
        search_validator=validators.labelled_code,
        description="Health plan beneficiary or member number (45 CFR 164.514(b)(2)(i)(I))",
    ),
    EntitySpec(
        entity="US_MBI",
        category=DIRECT,
        names=("mbi", "medicare_beneficiary_identifier", "medicare_id", "medicare_number"),
        pattern=_MBI,
        search=f"\\b{_MBI}\\b",
        min_share=0.9,
        overrides=("HEALTH_PLAN_ID", "MEDICAL_RECORD_NUMBER"),
        description="US Medicare Beneficiary Identifier (45 CFR 164.514(b)(2)(i)(I))",
    ),
    EntitySpec(
        entity="US_NPI",
        category=DIRECT,
        names=("npi", "npi_number", "provider_npi", "national_provider_identifier",
               "prescriber_npi", "attending_npi", "referring_npi", "billing_npi", "rendering_npi"),
        pattern=r"[12]\d{9}",
        # In text only after its label: one random 10-digit number in ten passes the check.
        search=r"\b(?i:npi)(?: ?(?i:no|number|#))?\.?[:#]? ?[12]\d{9}\b",
        validator=validators.us_npi,
        # One random 10-digit number in ten passes the Luhn check.
        min_valid=0.95,
        overrides=("MEDICAL_RECORD_NUMBER", "HEALTH_PLAN_ID"),
        description="US National Provider Identifier (45 CFR 162.406; provider identifier)",
    ),
    EntitySpec(
        entity="US_DEA",
        category=DIRECT,
        names=("dea", "dea_number", "dea_no", "dea_registration", "prescriber_dea"),
        pattern=r"[A-HJ-MPR-UX][A-Z9]\d{7}",
        # In text only after its label: two letters and seven digits are as often a part number.
        search=r"\b(?i:dea)(?: ?(?i:no|number|reg|registration|#))?\.?[:#]? ?[A-HJ-MPR-UX][A-Z9]\d{7}\b",
        validator=validators.us_dea,
        search_validator=validators.us_dea_in_text,
        min_valid=0.95,
        description="US DEA registration number of a prescriber (21 CFR 1301.11)",
    ),
    EntitySpec(
        entity="UK_NHS",
        category=DIRECT,
        names=("nhs", "nhs_number", "nhs_no", "nhsnumber", "chi_number", "nhs_id"),
        pattern=r"\d{3} \d{3} \d{4}|\d{3}-\d{3}-\d{4}|\d{10}",
        # In text only after its label: one random 10-digit number in eleven passes modulus 11.
        search=r"\b(?i:nhs)(?:[ -]?(?i:no|number|num|#))?\.?[:#]? ?\d{3}[ -]?\d{3}[ -]?\d{4}\b",
        search_validator=validators.uk_nhs_in_text,
        validator=validators.uk_nhs,
        # One random 10-digit number in eleven passes modulus 11.
        min_valid=0.95,
        overrides=("MEDICAL_RECORD_NUMBER", "HEALTH_PLAN_ID"),
        description="UK NHS number (UK GDPR Art. 4(1) identifier; NHS Data Dictionary)",
    ),
    EntitySpec(
        entity="ICD10_CODE",
        category=HEALTH,
        names=("icd10", "icd_10", "icd10cm", "icd_10_cm", "icd_10_gm", "diagnosis", "diagnosis_code",
               "dx", "dx_code", "diag", "diagnose", "diagnosecode", "diagnostic", "code_diagnostic",
               "cim10", "cim_10", "cie10", "cie_10", "diagnostico", "primary_dx", "condition_code",
               "hauptdiagnose", "nebendiagnose", "icd", "icd_code"),
        # The third character is a digit (WHO ICD-10) but for the ICD-10-CM categories C4A,
        # C7A, C7B, D3A, M1A, O9A and Z3A: `B7Q` and `K4X` are product codes.
        pattern=r"(?:[A-TV-Z]\d\d|C4A|C7[AB]|D3A|M1A|O9A|Z3A)(?:\.[0-9A-Z]{1,4})?",
        # Undotted (`E119`) and ICD-10-GM marks (`+`, `*`, `!`, side `R`/`L`/`B`) need the name.
        named_pattern=r"[A-TV-Z]\d[0-9A-Z](?:\.?[0-9A-Z]{1,4})?[+*!†]? ?[GVZARLB]?",
        min_share=0.9,
        # Unnamed, `S01`…`S40` site codes fit the shape: diagnoses span chapters or carry dots.
        column_check=lambda profile: validators.icd10_like_column(profile.sample),
        description="ICD-10 / ICD-10-CM diagnosis code (personal health data, 28 CFR 202.241)",
    ),
    EntitySpec(
        entity="DIAGNOSIS",
        category=HEALTH,
        names=("diagnosis", "diagnoses", "diagnosis_text", "diagnosis_name", "diagnosis_description",
               "dx", "dx_desc", "dx_text", "primary_diagnosis", "secondary_diagnosis", "disease",
               "disease_name", "condition_name", "medical_condition", "comorbidity",
               "comorbidities", "illness", "problem_list", "diagnose", "diagnosetext",
               "hauptdiagnose", "nebendiagnose", "erkrankung", "krankheit", "diagnostic",
               "maladie", "pathologie", "diagnostico", "enfermedad", "padecimiento", "doenca",
               "diagnosa", "penyakit", "chan_doan", "诊断", "诊断名称", "疾病", "病名", "診断",
               "診断名", "傷病名", "病症", "진단", "진단명", "질병", "질환", "диагноз",
               "заболевание", "болезнь"),
        pattern=_CONDITION,
        named_pattern=_WORDING,
        min_share=0.7,
        description="Diagnosis or condition in words (personal health data, 28 CFR 202.241)",
    ),
    EntitySpec(
        entity="MEDICATION",
        category=HEALTH,
        # A person's medicines tell their conditions (an antiretroviral, methadone, lithium).
        names=("medication", "medications", "medication_name", "current_medication", "drug", "drug_name",
               "medicine", "meds", "rx", "prescription", "prescribed_drug", "dispensed_drug",
               "medikament", "medikamente", "medikation", "arzneimittel", "dauermedikation",
               "medicament", "medicaments", "traitement", "medicamento", "medicamentos", "farmaco",
               "farmaci", "medicinale", "terapia", "medicatie", "geneesmiddel", "lek", "leki",
               "药物", "药品", "用药", "薬剤", "薬品", "処方薬", "投薬", "약물", "약품", "처방약",
               "препарат", "лекарство"),
        # A drug and its dose, not a sentence: `rx_notes` stay notes (free text).
        named_pattern=r"[^\n]{0,30}\p{L}{4}[^\n]{0,30}",
        min_share=0.7,
        description="Medication a person takes or was prescribed (personal health data, 28 CFR 202.241)",
    ),
    EntitySpec(
        entity="HEALTH_STATUS",
        category=HEALTH,
        # Yes/no and test results under the name of a condition: `hiv_status` = positive.
        names=("hiv_status", "hiv", "hiv_result", "hiv_test", "hiv_positive", "pregnant", "pregnancy",
               "pregnancy_status", "is_pregnant", "schwanger", "schwangerschaft", "enceinte", "grossesse",
               "embarazada", "embarazo", "gravidez", "gestante", "incinta", "gravidanza", "smoker",
               "smoking_status", "current_smoker", "raucher", "fumeur", "fumador", "fumatore",
               "disability", "disabled", "behinderung", "handicap", "discapacidad", "disabilita",
               "hepatitis_status", "hcv_status", "hbv_status", "covid_status", "covid_result", "covid_positive"),
        named_pattern=(
            r"(?i:positive|negative|pos|neg|\+|-|yes|no|y|n|true|false|1|0|ja|nein|oui|non|s[ií]|sim|não|nao"
            r"|detected|not detected|reactive|non-reactive|nonreactive|current|former|never|unknown|pending)"
        ),
        min_share=0.9,
        description="A person's health status: HIV, pregnancy, smoking, disability (personal health data, 28 CFR 202.241)",
    ),
    EntitySpec(
        entity="ICD9_CODE",
        category=HEALTH,
        names=("icd9", "icd_9", "icd9cm", "icd_9_cm", "icd9_code", "dx", "dx_code", "diagnosis_code",
               "diag", "diagnosis", "primary_dx"),
        named_pattern=r"\d{3}(?:\.\d{1,2})?|V\d{2}(?:\.\d{1,2})?|E\d{3}(?:\.\d)?",
        min_share=0.9,
        description="ICD-9-CM diagnosis code (personal health data, 28 CFR 202.241)",
    ),
    EntitySpec(
        entity="SNOMED_CT",
        category=HEALTH,
        names=("snomed", "snomed_ct", "snomed_code", "sctid", "concept_id", "snomed_concept",
               "finding_code", "clinical_finding"),
        pattern=r"[1-9]\d{5,17}",
        validator=validators.snomed_ct_id,
        # Verhoeff check digit and partition id: about one random number in 170 passes.
        min_valid=0.9,
        description="SNOMED CT concept id (personal health data, 28 CFR 202.241)",
    ),
    EntitySpec(
        entity="LOINC",
        category=HEALTH,
        names=("loinc", "loinc_code", "loinc_num", "lab_code", "test_code", "observation_code"),
        pattern=r"\d{1,5}-\d",
        validator=validators.loinc_code,
        min_valid=0.95,
        description="LOINC laboratory or clinical observation code (28 CFR 202.241: test results)",
    ),
    EntitySpec(
        entity="CPT_HCPCS",
        category=HEALTH,
        names=("cpt", "cpt_code", "cpt4", "hcpcs", "hcpcs_code", "procedure_code", "proc_code",
               "px", "px_code", "procedure", "ops_code", "ops", "code_ccam", "ccam",
               "codigo_procedimiento", "prozedur", "prozedurenschluessel", "acte"),
        named_pattern=(
            r"\d{4}[0-9FTU](?:-[0-9A-Z]{2})?|[A-V]\d{4}(?:-[0-9A-Z]{2})?"
            r"|\d-\d{2,3}(?:\.[0-9a-z]{1,2})?|[A-Z]{4}\d{3}"
        ),
        min_share=0.9,
        description="Procedure code: CPT, HCPCS, OPS, CCAM (28 CFR 202.241: treatments)",
    ),
    EntitySpec(
        entity="NDC",
        category=HEALTH,
        names=("ndc", "ndc_code", "ndc11", "ndc10", "national_drug_code", "product_ndc",
               "drug_code", "package_ndc"),
        named_pattern=r"\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d{1,2}|\d{10,11}",
        min_share=0.9,
        description="US National Drug Code of a dispensed drug (28 CFR 202.241: treatments)",
    ),
    EntitySpec(
        entity="ATC",
        category=HEALTH,
        names=("atc", "atc_code", "atc_class", "drug_class", "wirkstoff_atc", "code_atc", "codigo_atc"),
        pattern=r"[A-DG-HJL-NPR-SV]\d{2}[A-Z]{2}\d{2}",
        named_pattern=r"[A-DG-HJL-NPR-SV](?:\d{2}(?:[A-Z](?:[A-Z](?:\d{2})?)?)?)?",
        min_share=0.9,
        description="WHO ATC drug classification code (28 CFR 202.241: treatments)",
    ),
    EntitySpec(
        entity="LAB_RESULT",
        category=HEALTH,
        names=("hba1c", "a1c", "hb_a1c", "glucose", "blood_glucose", "glukose", "blutzucker",
               "glycemie", "glucemia", "cholesterol", "cholesterin", "ldl", "hdl", "triglycerides",
               "triglyceride", "creatinine", "kreatinin", "creatinina", "egfr", "hemoglobin",
               "haemoglobin", "hamoglobin", "hemoglobine", "hemoglobina", "hgb", "hematocrit",
               "wbc", "leukocytes", "leukozyten", "platelets", "thrombozyten", "tsh", "psa", "crp",
               "inr", "ferritin", "sodium", "potassium", "natrium", "kalium", "bilirubin",
               "albumin", "troponin", "vitamin_d", "cd4", "viral_load", "lab_value", "lab_result",
               "test_result", "result_value", "laborwert", "laborergebnis", "resultat_labo",
               "valeur_labo", "resultado_laboratorio", "valor_laboratorio", "urea", "lactate",
               "insulin", "cortisol", "ck", "ldh", "gfr", "ast_alt", "alat", "asat", "ggt",
               "glicose", "glicemia", "colesterol", "血糖", "空腹血糖", "糖化血红蛋白", "胆固醇",
               "甘油三酯", "肌酐", "血红蛋白", "尿酸", "检验结果", "化验结果", "血糖値", "ヘモグロビン",
               "コレステロール", "クレアチニン", "検査値", "検査結果", "혈당", "당화혈색소", "콜레스테롤",
               "크레아티닌", "검사결과", "глюкоза", "холестерин", "креатинин", "гемоглобин",
               "сахар_крови", "gula_darah", "kolesterol", "duong_huyet"),
        named_pattern=_MEASUREMENT,
        numeric_range=(-1_000_000, 1_000_000),
        min_share=0.9,
        description="Laboratory test result (28 CFR 202.241: test results)",
    ),
    EntitySpec(
        entity="VITAL_SIGN",
        category=HEALTH,
        names=("bmi", "body_mass_index", "blood_pressure", "bp", "systolic", "diastolic",
               "systolic_bp", "diastolic_bp", "sbp", "dbp", "heart_rate", "pulse_rate",
               "respiratory_rate", "resp_rate", "body_temperature", "temperature_c",
               "temperature_f", "spo2", "o2_sat", "oxygen_saturation", "weight_kg", "height_cm",
               "body_weight", "body_height", "patient_weight", "patient_height", "blutdruck",
               "puls", "herzfrequenz", "atemfrequenz", "koerpertemperatur", "korpergewicht",
               "koerpergewicht", "koerpergroesse", "tension_arterielle", "frequence_cardiaque",
               "poids", "taille_cm", "imc", "presion_arterial", "tension_arterial",
               "frecuencia_cardiaca", "peso_kg", "talla_cm", "saturacion", "pressao_arterial",
               "frequencia_cardiaca", "收缩压", "舒张压", "血压", "体重", "身高", "心率", "脉搏", "体温",
               "血圧", "収縮期血圧", "拡張期血圧", "身長", "脈拍", "心拍数", "혈압", "수축기혈압",
               "이완기혈압", "체중", "맥박", "체온", "давление", "артериальное_давление", "пульс",
               "вес", "рост", "температура_тела", "tekanan_darah", "berat_badan", "tinggi_badan",
               "huyet_ap", "can_nang"),
        named_pattern=_MEASUREMENT,
        numeric_range=(0, 1_000),
        min_share=0.9,
        description="Vital sign or body measurement (28 CFR 202.241: height, weight, vital signs)",
    ),
)


# --- clinical notes ---------------------------------------------------------------------------

# Words of clinical documentation in English, German, French and Spanish (accents folded).
# A product review says "pain" once; a note says "patient", "pain", "mg" and "follow-up".
CLINICAL_VOCABULARY = frozenset({
    # English
    "patient", "pt", "diagnosis", "diagnosed", "dx", "hx", "history", "symptom", "symptoms",
    "pain", "fever", "cough", "nausea", "vomiting", "dizziness", "fatigue", "complains",
    "presents", "presented", "denies", "reports", "medication", "medications", "prescribed",
    "dose", "dosage", "tablet", "tablets", "mg", "mcg", "ml", "mmol", "daily", "bid", "tid",
    "prn", "treatment", "therapy", "surgery", "postoperative", "post-op", "discharge",
    "discharged", "admitted", "admission", "allergy", "allergies", "acute", "chronic", "biopsy",
    "tumor", "tumour", "carcinoma", "infection", "diabetes", "hypertension", "blood", "exam",
    "examination", "labs", "follow-up", "followup", "clinic", "ward", "icu", "ecg", "mri",
    "ct", "x-ray", "wound", "fracture", "prognosis", "referral", "referred", "physician",
    # German
    "patientin", "befund", "befunde", "diagnose", "schmerzen", "schmerz", "beschwerden",
    "therapie", "medikation", "medikament", "anamnese", "untersuchung", "aufnahme",
    "entlassung", "fieber", "tabletten", "verordnet", "arztbrief", "station", "blutdruck",
    # French
    "patiente", "diagnostic", "douleur", "douleurs", "traitement", "symptomes", "antecedents",
    "examen", "fievre", "ordonnance", "hospitalisation", "hospitalise", "hospitalisee",
    "medicament", "chirurgie", "toux",
    # Spanish
    "paciente", "diagnostico", "dolor", "tratamiento", "sintomas", "fiebre", "receta",
    "ingreso", "alta", "medicamento", "cirugia", "tos", "antecedentes",
})
# Clinical words of Chinese, Japanese and Korean notes, found as substrings (no spaces there).
CLINICAL_CJK = (
    "患者", "主诉", "诊断", "治疗", "症状", "病史", "用药", "手术", "复查", "入院", "出院", "咳嗽", "发热",
    "疼痛", "血压", "血糖", "岁", "診断", "治療", "処方", "退院", "既往歴", "主訴", "投薬", "術後", "痛み",
    "歳", "환자", "진단", "치료", "증상", "처방", "입원", "퇴원", "통증", "세",
)
_DOSE = re.compile(r"\b\d+(?:[.,]\d+)? ?(?:mg|mcg|µg|ug|ml|mmol|iu|ie|units|mmhg)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
CLINICAL_TERMS_PER_NOTE = 2  # distinct clinical words (or a dose) that make one text a note
CLINICAL_NOTE_SHARE = 0.3  # of the sampled texts
_NOTE_NAMES = ("note", "notes", "clinical_note", "clinical_notes", "progress_note", "narrative",
               "befund", "arztbrief", "anamnese", "compte_rendu", "observation", "nota_clinica",
               "comments", "comment", "remarks", "free_text", "report_text", "discharge_summary")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def is_clinical_text(text: str) -> bool:
    """Two distinct clinical words, or a dose with a unit (`500 mg`), make a text clinical."""
    words = {w for w in _WORD.findall(_fold(text)) if w in CLINICAL_VOCABULARY}
    words |= {w for w in CLINICAL_CJK if w in text}
    return len(words) + (1 if _DOSE.search(text) else 0) >= CLINICAL_TERMS_PER_NOTE


def clinical_share(sample: tuple[str, ...]) -> float:
    texts = [v for v in sample if v and v.strip()]
    return sum(1 for v in texts if is_clinical_text(v)) / len(texts) if texts else 0.0


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%".replace(".0%", "%")


def clinical_notes(
    profiles: dict[str, ColumnProfile], per_column: dict[str, list[Detection]]
) -> dict[str, list[Detection]]:
    """Free text that reads like clinical documentation is a health record, not just text.

    FREE_TEXT (sensitive) becomes CLINICAL_NOTE (health); other detections (an email or SSN found
    inside) stay, so the column's category remains the most identifying of them.
    """
    out: dict[str, list[Detection]] = {}
    for column, detections in per_column.items():
        free_text = next((d for d in detections if d.entity == "FREE_TEXT"), None)
        share = clinical_share(profiles[column].sample) if free_text else 0.0
        if free_text is None or share < CLINICAL_NOTE_SHARE:
            out[column] = detections
            continue
        evidence = [f"vocabulary:clinical {_percent(share)}", *free_text.evidence]
        synonym = match_synonym(column, _NOTE_NAMES)
        if synonym:
            evidence.insert(0, f"name:{synonym}")
        note = Detection(column, "CLINICAL_NOTE", HEALTH, round(min(1.0, 0.7 + 0.3 * share), 2), tuple(evidence))
        out[column] = [d for d in detections if d is not free_text] + [note]
    return out


DATASET_RULES: tuple = (clinical_notes,)
