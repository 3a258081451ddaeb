"""Risk stage: how re-identifiable the rows are once the columns leave together.

Removing names is not de-identification: ZIP5 + sex + birth date single out 87% of Americans
(Sweeney 2000), 15 demographic attributes 99.98% (Rocher et al., Nat. Commun. 2019). So this
stage judges the combination of quasi-identifiers (docs/policy-reference.md sections 1, 2, 6):

* equivalence classes on the quasi-identifier (QI) set, exact, from the class-size histogram
  {size: classes} of one group-by on the QI values (only the histogram is collected; a
  streamed dataset is grouped one hash bucket of classes at a time): k-anonymity (smallest
  class), share of rows in classes smaller than ``k``, share of unique rows, prosecutor
  re-identification risk (1 / class size: average over rows and maximum), and l-diversity
  (distinct values of each sensitive column within a class, minimum over classes; a null
  counts as one value, as ``numpy.unique`` does in pycanon; a group-by that runs only when
  k >= 2, since a class of one row has l = 1);
* generalisation hints: k after generalising one QI column (ZIP5 -> ZIP3, date -> year,
  age -> 5-year band), exact, from the histogram with that column generalised;
* HIPAA Safe Harbor checks (45 CFR 164.514(b)(2)(i)(B), (C));
* genomic linkage (>= 30 independent SNPs identify a person, Lin, Owen & Altman 2004; Y-STR
  and HLA are identifying, Gymrek et al. 2013);
* distinct persons per DOJ data category (28 CFR 202.205), exact (polars ``n_unique`` of the
  person key, or a group-by on it for categories only some rows carry); rows without a key.

The JSON ``risk`` block (``RiskReport.to_json``) carries these ``metrics`` keys, sorted:

``k``                     the k the dataset is judged against (default 11, CMS cell size)
``classes``               number of equivalence classes (None without a QI set)
``rows``                  rows in the dataset
``unique_rows``           rows alone in their class
``rows_below_k_share``    share of rows in classes smaller than ``k``
``risk_average``          mean prosecutor risk over rows (= classes / rows)
``risk_maximum``          1 / k_min
``l_diversity``           {sensitive column: l}, at most 20 columns, first by name
``l_diversity_columns``   how many sensitive columns there are in all
``l_diversity_truncated`` true when more than 20 were found and only 20 were measured
``l_min``                 smallest l over the measured columns
``generalisation_hints``  [{"column", "how", "k_after"}], highest k_after first
``hipaa``                 see ``hipaa_findings``
``genotype_columns`` is a RiskReport field; ``y_str_columns``, ``hla_columns``,
``snps_per_person`` and ``snp_identifying`` are metrics
``person_key``            the column persons are counted by (None: rows are counted);
                          ``RiskReport.persons`` is None when no column is about a person
``persons_estimated``     always false: counts are exact distinct counts
``quasi_identifier_source`` ``configured`` (override) or ``discovered``

Floats are rounded to 4 decimals; no cell value ever reaches the metrics. The same passes run
on Spark through ``RiskAggregates`` (``minlint.engines.spark.SparkRiskAggregates``): scalars as
merged per-batch partials, classes and persons as Spark group-bys.

Modules: ``stage`` wires the passes (``assess``); ``roles`` picks the columns' roles; ``classes`` groups
decoded data into equivalence classes; ``streamed`` runs the class and person group-bys of a
dataset larger than the memory budget; ``scalars`` holds the one-pass scalars and the engine
interface; ``hipaa`` and ``persons`` the Safe Harbor checks and the DOJ person counts;
``summary`` the text lines.
"""

from minlint.risk.classes import (
    ClassCodes,
    class_codes,
    class_groupings,
    class_metrics,
    class_values,
    generalise_hints,
)
from minlint.risk.hipaa import (
    hipaa_findings,
    integer_zip_columns,
    restricted_zip3_list,
    restricted_zip3_source,
)
from minlint.risk.roles import (
    DEFAULT_K,
    MAX_L_DIVERSITY_COLUMNS,
    OVER_89,
    SNPS_THAT_IDENTIFY,
    discover_quasi_identifiers,
    find_person_key,
)
from minlint.risk.scalars import RiskAggregates
from minlint.risk.stage import assess
from minlint.risk.streamed import StreamedAggregates
from minlint.risk.summary import summary_lines

__all__ = [
    "DEFAULT_K",
    "MAX_L_DIVERSITY_COLUMNS",
    "OVER_89",
    "SNPS_THAT_IDENTIFY",
    "ClassCodes",
    "RiskAggregates",
    "StreamedAggregates",
    "assess",
    "class_codes",
    "class_groupings",
    "class_metrics",
    "class_values",
    "discover_quasi_identifiers",
    "find_person_key",
    "generalise_hints",
    "hipaa_findings",
    "integer_zip_columns",
    "restricted_zip3_list",
    "restricted_zip3_source",
    "summary_lines",
]
