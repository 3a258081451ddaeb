"""Command line: `minlint scan`, `minlint policies`, `minlint explain`.

The only place that knows every option, and the only place that turns errors into exit codes:
0 nothing at or above --fail-on, 1 violations, 2 usage or input error (fail closed).
"""

from __future__ import annotations

import os
import sys

# The CLI owns its process, so it sets how polars' allocator (jemalloc, configured from this
# variable when polars is first imported, which is below) gives freed pages back: at once for
# pages it has marked free, which otherwise stay resident for a second, and within 0.25 s for
# the rest, so one stage's freed buffers do not stay resident under the next stage's. On the
# 2,000,000-row export the scan's peak fell from 520-570 to 450-495 MiB with Presidio (about
# 2.1x to 1.8x its Arrow size), in the same time (benchmarks/memory.py). A user's setting
# wins; polars' own default is what a parent process that imported polars passes down.
ALLOCATOR_DECAY = "dirty_decay_ms:250,muzzy_decay_ms:0"
_POLARS_ALLOCATOR_DEFAULT = "dirty_decay_ms:500,muzzy_decay_ms:1000"
if os.environ.get("_RJEM_MALLOC_CONF", _POLARS_ALLOCATOR_DEFAULT) == _POLARS_ALLOCATOR_DEFAULT:
    os.environ["_RJEM_MALLOC_CONF"] = ALLOCATOR_DECAY

from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer
from typer.core import TyperGroup

from minlint.errors import ConfigError, MinlintError

try:  # recent typer parses with its own copy of click and raises that copy's exceptions
    from typer._click import exceptions as click_errors
except ImportError:  # older typer uses click itself
    from click import exceptions as click_errors
# click >= 8.2: `minlint` or `minlint policies` alone (no_args_is_help) raises this to show help.
_NO_ARGS_IS_HELP = getattr(click_errors, "NoArgsIsHelpError", ())

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
EXIT_CODES_HELP = (
    "Exit codes: 0 nothing at or above --fail-on (fix: the copy was written, or the plan shown); "
    "1 violations (fix: no copy can pass); 2 usage or input error."
)


class _OneLineUsageErrors(TyperGroup):
    """Usage errors (unknown option, missing argument, bad choice) as one line on stderr, exit 2.

    Click prints a usage block and a hint over several lines; minlint promises one line per error
    (README, docs/ci.md), the same shape as the errors `_exit_codes` reports.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS_IS_HELP as error:
            error.show()  # `minlint` or `minlint policies` alone: the help, as before
            sys.exit(EXIT_ERROR)
        except click_errors.UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx is not None else ""
            _say_error(f"{error.format_message().rstrip('.')}{hint}")
            sys.exit(EXIT_ERROR)
        except click_errors.ClickException as error:
            _say_error(error.format_message())
            sys.exit(EXIT_ERROR)
        except click_errors.Abort:
            print("Aborted!", file=sys.stderr)
            sys.exit(EXIT_VIOLATIONS)
        # Without standalone mode click returns the command's value, or the code of a typer.Exit.
        sys.exit(code if isinstance(code, int) else EXIT_OK)


app = typer.Typer(
    name="minlint",
    cls=_OneLineUsageErrors,
    help=f"Data-minimization linter for health and genomic exports.\n\n{EXIT_CODES_HELP}",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help texts name [tool.minlint]: brackets are text, not markup
)
policies_app = typer.Typer(help="List and show the built-in sharing policies.", no_args_is_help=True)
app.add_typer(policies_app, name="policies")


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


def _say_error(message: str) -> None:
    from minlint.report.safe import safe_text

    print(f"minlint: error: {safe_text(message)}", file=sys.stderr)


@contextmanager
def _exit_codes() -> Iterator[None]:
    """Expected problems: one line, exit 2. Anything else: still exit 2, never a pass or a 1."""
    try:
        yield
    except MinlintError as error:
        _say_error(str(error))
        raise typer.Exit(EXIT_ERROR) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:  # noqa: BLE001 - fail closed on bugs too
        if os.environ.get("MINLINT_DEBUG"):
            raise
        # The exception text may quote cell values (parsers do): print only its type.
        _say_error(f"internal error ({type(error).__name__}); set MINLINT_DEBUG=1 for a traceback")
        raise typer.Exit(EXIT_ERROR) from None


def _exit_code(report, fail_on: str) -> int:
    severities = {v.severity for v in report.violations}
    if fail_on == "never":
        return EXIT_OK
    if "error" in severities or (fail_on == "warning" and "warning" in severities):
        return EXIT_VIOLATIONS
    return EXIT_OK


def _pair_outputs(formats: list[str], outputs: list[Path]) -> list[tuple[str, Path | None]]:
    """`-f json -o a.json -f sarif -o b.sarif`: outputs pair with formats in order."""
    from minlint.report import formatter_for

    for fmt in formats:
        formatter_for(fmt)  # an unknown format fails before the scan, not after it
    if len(outputs) > len(formats):
        if len(formats) <= 1:
            return [(formats[0] if formats else "text", out) for out in outputs]
        raise ConfigError("more --output files than --format choices")
    pairs = [(fmt, outputs[i] if i < len(outputs) else None) for i, fmt in enumerate(formats)]
    if sum(1 for _, out in pairs if out is None) > 1:
        raise ConfigError("only one format can go to standard output; give --output for the others")
    return pairs


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{output}: cannot write report ({error.strerror})") from None


def _use_color(output: Path | None) -> bool:
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@contextmanager
def _progress() -> Iterator:
    """A spinner on stderr naming the dataset being scanned, only for an interactive terminal."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield None
        return
    from rich.console import Console

    from minlint.report.safe import safe_text

    with Console(stderr=True).status("scanning") as status:
        yield lambda path: status.update(f"scanning {safe_text(path)}")


def _scan_options(
    settings,
    *,
    policy: list[str] | None,
    destination: str | None,
    quasi_identifiers: str | None,
    k: int | None,
    nlp: str | None,
    no_presidio: bool,
    origin: str | None,
    data_use_agreement: bool | None,
    safeguard: list[str] | None,
    **fixed,
):
    """The options `scan` and `fix` share: flags win over the config file."""
    from minlint.policy.destination import validate_destination
    from minlint.scan import DEFAULT_POLICY, ScanOptions

    parameters = settings.policy_parameters()
    if data_use_agreement is not None:
        parameters["data_use_agreement"] = data_use_agreement
    if safeguard:
        parameters["safeguards"] = list(safeguard)
    if origin or parameters.get("origin"):
        parameters["origin"] = validate_destination(origin or parameters["origin"], setting="--origin")
    columns = [c.strip() for c in quasi_identifiers.split(",") if c.strip()] if quasi_identifiers else []
    return ScanOptions(
        policies=tuple(policy or settings.policies or [DEFAULT_POLICY]),
        destination=validate_destination(destination or settings.destination),
        nlp_model=nlp,
        use_presidio=not no_presidio,
        quasi_identifiers=tuple(columns) or None,
        configured_quasi_identifiers=settings.quasi_identifiers_for,
        k=k or settings.k,
        waivers=tuple(settings.waivers),
        parameters=parameters,
        **fixed,
    )


@app.command()
def scan(
    paths: list[str] = typer.Argument(..., help="Files, directories or globs to scan."),
    policy: Optional[list[str]] = typer.Option(None, "--policy", "-p", help="Built-in policy name or YAML file; repeatable."),
    destination: Optional[str] = typer.Option(None, "--destination", "-d", help="ISO 3166-1 alpha-2 code of the recipient's country."),
    output_format: Optional[list[str]] = typer.Option(None, "--format", "-f", help="text, json, sarif, github, junit, markdown; repeatable."),
    output: Optional[list[Path]] = typer.Option(None, "--output", "-o", help="Write the report here (pairs with --format in order)."),
    config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .minlint.toml or [tool.minlint] found upwards)."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Lowest severity that makes the exit code 1."),
    quasi_identifiers: Optional[str] = typer.Option(None, "--quasi-identifiers", help="Comma-separated quasi-identifier columns (overrides discovery)."),
    k: Optional[int] = typer.Option(None, "--k", min=2, help="k-anonymity threshold (default 11)."),
    sample_size: Optional[int] = typer.Option(None, "--sample-size", min=10, max=100_000, help="Distinct values sampled per column for Presidio."),
    nlp: Optional[str] = typer.Option(None, "--nlp", help="Installed spaCy model for Presidio (default: blank English pipeline)."),
    no_presidio: bool = typer.Option(False, "--no-presidio", help="Skip the Presidio signal (patterns and validators still run)."),
    show_examples: bool = typer.Option(False, "--show-examples", help="Add masked examples (***-**-6789) of flagged columns."),
    include: Optional[list[str]] = typer.Option(None, "--include", help="Only datasets whose path matches this glob; repeatable."),
    exclude: Optional[list[str]] = typer.Option(None, "--exclude", help="Skip datasets whose path matches this glob; repeatable."),
    origin: Optional[str] = typer.Option(None, "--origin", help="ISO code of the country the data originates in (china-pipl-hgr)."),
    data_use_agreement: Optional[bool] = typer.Option(None, "--data-use-agreement/--no-data-use-agreement", help="Confirm a HIPAA data use agreement is in place."),
    safeguard: Optional[list[str]] = typer.Option(None, "--safeguard", help="GDPR Art. 46 safeguard in place (SCC, BCR); repeatable."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Report only findings not accepted in this baseline file."),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", help="Accept every current finding: record them (fingerprints, no values) in this file."),
    engine: str = typer.Option("local", "--engine", help="local, or spark (needs pip install 'minlint[spark]')."),
    spark_master: Optional[str] = typer.Option(None, "--spark-master", help="Spark master URL for --engine spark (default: the active session, else local[2])."),
) -> None:
    """Scan exports, judge them against sharing policies, exit 1 on violations."""
    with _exit_codes():
        from minlint.baseline import apply_baseline, load_baseline
        from minlint.baseline import write_baseline as write_baseline_file
        from minlint.config import load_config
        from minlint.report import render
        from minlint.scan import scan_paths

        settings = load_config(explicit=config)
        pairs = _pair_outputs(list(output_format or ["text"]), list(output or []))
        options = _scan_options(
            settings,
            policy=policy,
            destination=destination,
            quasi_identifiers=quasi_identifiers,
            k=k,
            nlp=nlp,
            no_presidio=no_presidio,
            origin=origin,
            data_use_agreement=data_use_agreement,
            safeguard=safeguard,
            include=tuple(include or settings.include),
            exclude=tuple(exclude or settings.exclude),
            sample_size=sample_size or settings.sample_size,
            show_examples=show_examples,
            engine=engine,
            spark_master=spark_master,
        )
        accepted = load_baseline(baseline) if baseline else frozenset()
        with _progress() as on_dataset:
            report = apply_baseline(scan_paths(paths, options, on_dataset), accepted)
        if write_baseline:
            write_baseline_file(report, write_baseline)
            report = apply_baseline(report, load_baseline(write_baseline))
        for fmt, out in pairs:
            _write(render(report, fmt, color=_use_color(out) and fmt == "text"), out)
        raise typer.Exit(_exit_code(report, (fail_on.value if fail_on else settings.fail_on)))


@policies_app.command("list")
def policies_list() -> None:
    """List the built-in policies."""
    with _exit_codes():
        from minlint.policy.explain import format_policy_list

        sys.stdout.write(format_policy_list())


@policies_app.command("show")
def policies_show(name: str = typer.Argument(..., help="Built-in policy name or YAML file.")) -> None:
    """Show a policy's rules with their citations."""
    with _exit_codes():
        from minlint.policy.explain import format_policy

        sys.stdout.write(format_policy(name))


@app.command()
def explain(rule_id: str = typer.Argument(..., help="A rule id, e.g. HIPAA-SH-SSN.")) -> None:
    """Explain a rule: what it checks, why (citation), how to fix it."""
    with _exit_codes():
        from minlint.policy.explain import explain_rule

        sys.stdout.write(explain_rule(rule_id))


@app.command()
def version() -> None:
    """Print minlint's version."""
    from minlint import __version__

    print(f"minlint {__version__}")


def _fix_output(path: str, output: str) -> Path:
    """`--output out/` (or an existing directory) for one input file: the copy goes inside it,
    under the input's name, as the README's `minlint fix FILE --output out/` shows."""
    target = Path(output)
    if os.path.isfile(path) and (output.endswith(("/", os.sep)) or target.is_dir()):
        return target / Path(path).name
    return target


@app.command()
def fix(
    path: str = typer.Argument(..., help="File or directory to minimize."),
    output: str = typer.Option(..., "--output", "-o", help="Where the minimized copy goes (same format as the input); a directory (out/) takes the input's file name."),
    policy: Optional[list[str]] = typer.Option(None, "--policy", "-p", help="Built-in policy name or YAML file; repeatable."),
    destination: Optional[str] = typer.Option(None, "--destination", "-d", help="ISO 3166-1 alpha-2 code of the recipient's country."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan; write nothing."),
    keep: Optional[list[str]] = typer.Option(None, "--keep", help="Leave this column as it is; repeatable."),
    key_env: str = typer.Option("MINLINT_PSEUDONYM_KEY", "--key-env", help="Environment variable holding the pseudonymisation key."),
    key_file: Optional[Path] = typer.Option(None, "--key-file", help="File holding the pseudonymisation key."),
    date_shift_days: Optional[int] = typer.Option(None, "--date-shift-days", min=1, max=3650, help="Shift dates per person by a keyed offset of up to N days instead of keeping only the year (not under Safe Harbor)."),
    max_suppression: float = typer.Option(0.05, "--max-suppression", min=0.0, max=1.0, help="Largest share of rows k-anonymity may suppress."),
    config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .minlint.toml or [tool.minlint] found upwards)."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Lowest severity the minimized copy must be free of."),
    quasi_identifiers: Optional[str] = typer.Option(None, "--quasi-identifiers", help="Comma-separated quasi-identifier columns (overrides discovery)."),
    k: Optional[int] = typer.Option(None, "--k", min=2, help="k-anonymity threshold (default 11)."),
    nlp: Optional[str] = typer.Option(None, "--nlp", help="Installed spaCy model for Presidio (default: blank English pipeline)."),
    no_presidio: bool = typer.Option(False, "--no-presidio", help="Skip the Presidio signal (patterns and validators still run)."),
    origin: Optional[str] = typer.Option(None, "--origin", help="ISO code of the country the data originates in (china-pipl-hgr)."),
    data_use_agreement: Optional[bool] = typer.Option(None, "--data-use-agreement/--no-data-use-agreement", help="Confirm a HIPAA data use agreement is in place."),
    safeguard: Optional[list[str]] = typer.Option(None, "--safeguard", help="GDPR Art. 46 safeguard in place (SCC, BCR); repeatable."),
    engine: str = typer.Option("local", "--engine", help="local, or spark: scan, rewrite and write the copy with Spark (needs pip install 'minlint[spark]')."),
    spark_master: Optional[str] = typer.Option(None, "--spark-master", help="Spark master URL for --engine spark (default: the active session, else local[2])."),
) -> None:
    """Write a minimized copy that passes the policy, with a change log; exit 1 if no fix can."""
    with _exit_codes():
        from minlint.config import load_config
        from minlint.fix import changelog
        from minlint.fix.fixer import FixOptions, fix_paths
        from minlint.fix.plan import FixRefused

        settings = load_config(explicit=config)
        scan_options = _scan_options(
            settings,
            policy=policy,
            destination=destination,
            quasi_identifiers=quasi_identifiers,
            k=k,
            nlp=nlp,
            no_presidio=no_presidio,
            origin=origin,
            data_use_agreement=data_use_agreement,
            safeguard=safeguard,
            include=tuple(settings.include),
            exclude=tuple(settings.exclude),
            sample_size=settings.sample_size,
            engine=engine,
            spark_master=spark_master,
        )
        output = _fix_output(path, output)
        options = FixOptions(
            scan=scan_options,
            output=output,
            keep=tuple(keep or ()),
            key_env=key_env,
            key_file=key_file,
            date_shift_days=date_shift_days,
            max_suppression=max_suppression,
            fail_on=fail_on.value if fail_on else settings.fail_on,
            dry_run=dry_run,
        )
        try:
            result = fix_paths([path], options)
        except FixRefused as refused:
            _say_error(f"{refused}; nothing was written")
            raise typer.Exit(EXIT_VIOLATIONS) from None
        plans, outputs = list(result.plans), list(result.outputs)
        context = {
            "verified": result.after is not None,
            "policies": list(result.before.policies),
            "destination": result.before.destination,
        }
        sys.stdout.write(changelog.render("text", plans, outputs, **context))
        if not dry_run:
            # Beside the copy, with extensions no scan reads as data (.txt would be sniffed as CSV).
            for fmt, suffix in (("text", ".changes.log"), ("json", ".changes.json"), ("markdown", ".changes.md")):
                _write(changelog.render(fmt, plans, outputs, **context), Path(f"{output}{suffix}"))
        raise typer.Exit(EXIT_OK)


def main() -> None:
    app()
