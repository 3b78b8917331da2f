"""The ``kg`` command line: thin commands over the package's functions.

Errors are one line on stderr (``--debug`` for the traceback); exit codes 0 ok, 1 failure,
2 usage.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from kg.errors import EXIT_USAGE, KGError, shown


def _fail(e: Exception, debug: bool) -> None:
    if debug:
        traceback.print_exc()
    click.echo(f"kg: error: {e}", err=True)
    sys.exit(e.exit_code if isinstance(e, KGError) else 1)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:  # one place that turns errors into messages
        try:
            return super().invoke(ctx)
        except KGError as e:
            _fail(e, ctx.obj.get("debug", False) if ctx.obj else False)
        except (BrokenPipeError, KeyboardInterrupt):
            sys.exit(1)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except Exception as e:  # noqa: BLE001 - a bug: say so in one line, the traceback with --debug
            debug = ctx.obj.get("debug", False) if ctx.obj else False
            _fail(KGError(f"internal error: {type(e).__name__}: {e} (run with --debug for the traceback)"), debug)


#: ``--recogniser`` of ``kg build`` and ``kg eval``
RECOGNISER_OPTION = click.option(
    "--recogniser",
    type=click.Choice(["model", "rules"]),
    default="model",
    show_default=True,
    help="model: the span model proposes names, the rules type and check them; rules: the rules alone (faster).",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.version_option(package_name="liantu")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """链图 Liantu: knowledge graphs of Chinese articles about party-building and industry."""
    ctx.ensure_object(dict)["debug"] = debug


@cli.command("build")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to write graph.ttl, graph.html, report.json into.",
)
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option(
    "--lexicon", type=click.Path(path_type=Path, dir_okay=False), help="User dictionary: TSV of name, class, aliases."
)
@click.option("--max-bytes", type=click.IntRange(1), help="Skip files larger than this (default 50 MB).")
@RECOGNISER_OPTION
@click.option("--no-html", is_flag=True, help="Do not write the HTML map.")
@click.option(
    "--store", is_flag=True, help="Also write a persistent SPARQL store (OUT/store) that kg query and kg serve use."
)
@click.option(
    "--cache",
    "cache",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Extraction cache to use (default OUT/cache.sqlite): only new or changed documents are extracted.",
)
@click.option("--no-cache", is_flag=True, help="Extract every document, keep no cache.")
@click.option(
    "--cluster",
    metavar="tcp://HOST:PORT",
    help="Extract on the workers of a Dask cluster (dask scheduler / dask worker); merging and exports stay here.",
)
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build_command(
    sources: tuple[Path, ...],
    out: Path,
    jobs: int,
    lexicon: Path | None,
    max_bytes: int | None,
    recogniser: str,
    no_html: bool,
    store: bool,
    cache: Path | None,
    no_cache: bool,
    cluster: str | None,
    progress: bool | None,
    quiet: bool,
) -> None:
    """Read every document under SOURCES and write the graph into OUT."""
    import signal

    from kg.build import build_outputs

    def terminated(signum: int, frame: object) -> None:  # SIGTERM: unwind, so the temporary output is removed
        raise SystemExit(1)

    signal.signal(signal.SIGTERM, terminated)

    def skipped(path: str, reason: str) -> None:
        click.echo(f"kg: skipped {shown(path)}: {shown(reason)}", err=True)

    rep = build_outputs(
        list(sources),
        out,
        jobs=jobs,
        user_dict=lexicon,
        recogniser=recogniser,
        max_bytes=max_bytes,
        progress=progress,
        html=not no_html,
        store=store,
        on_skip=skipped,
        cache=cache,
        use_cache=not no_cache,
        cluster=cluster,
    )
    for w in rep["warnings"]:
        click.echo(f"kg: warning: {w}", err=True)
    if not quiet:
        click.echo(
            f"{rep['documents']} documents, {rep['entities']} entities, {rep['relations']} relations "
            f"({rep['statements']} statements), {len(rep['skipped'])} skipped -> {out}/graph.ttl"
        )
        c = rep["cache"]
        if c["file"] and (c["reused"] or c["removed"]):
            click.echo(
                f"cache: {c['extracted']} extracted, {c['reused']} reused, {len(c['removed'])} gone since the last build"
            )
        if not no_html:
            click.echo(f"map: {(out / 'graph.html').resolve()}")


@cli.command("query")
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("query", required=False)
@click.option(
    "-f", "--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "csv", "tsv", "json"])
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE (a literal; VALUE@zh with a language; <IRI>). Repeatable.",
)
@click.option("--limit", type=click.IntRange(1), help="At most this many rows.")
@click.option(
    "--timeout",
    default=300.0,
    show_default=True,
    type=click.FloatRange(0.1),
    help="Seconds before the query is stopped.",
)
@click.option(
    "--min-confidence",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0.0, 1.0),
    help="Query only the facts with evidence at least this sure (see README, Confidence).",
)
@click.option(
    "--allow-service",
    default="",
    metavar="HOST,...",
    help="Hosts a query's SERVICE clause may call (none by default: queries never leave this graph).",
)
@click.option("--list", "list_library", is_flag=True, help="List the library queries and exit.")
def query_command(
    graph: Path,
    query: str | None,
    fmt: str,
    params: tuple[str, ...],
    limit: int | None,
    timeout: float,
    min_confidence: float,
    allow_service: str,
    list_library: bool,
) -> None:
    """Run a SPARQL QUERY over GRAPH (a .ttl/.nt/.trig file or an OUT folder).

    QUERY is SPARQL text, a .rq file, or the name of a library query (--list shows them).
    The prefixes lt:, ltid:, rdf:, rdfs:, owl:, xsd:, skos:, prov:, dcterms: are declared for you.
    Queries only read: updates are refused.
    """
    from kg.errors import UsageError
    from kg.query import describe, execute, library, parameter, read_query

    if list_library:
        for name, text in library().items():
            click.echo(f"{name:<28} {describe(text)}")
        return
    if not query:
        raise UsageError("give a QUERY (SPARQL text, a .rq file or a library name; --list shows the library)")
    bound = dict(parameter(p) for p in params)
    text = read_query(query)
    click.echo(
        execute(
            graph,
            text,
            fmt,
            params=bound,
            limit=limit,
            timeout=timeout,
            min_confidence=min_confidence,
            allow_service=hosts(allow_service),
            on_note=lambda note: click.echo(f"kg: {note}", err=True),
        ),
        nl=False,
    )


@cli.command("stats")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats_command(graph: Path, as_json: bool) -> None:
    """Counts of entities per class, relations per property, documents in GRAPH."""
    from kg.query import load_store, stats

    counts = stats(load_store(graph))
    if as_json:
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2, sort_keys=True))
        return
    for kind in ("documents", "statements"):
        click.echo(f"{kind:<12} {sum(counts[kind].values())}")
    for kind in ("entities", "relations"):
        click.echo(f"{kind:<12} {sum(counts[kind].values())}")
        for name, n in sorted(counts[kind].items(), key=lambda kv: (-kv[1], kv[0])):
            click.echo(f"  {name:<22} {n}")


@cli.command("viz")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option(
    "-o", "--out", "out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="HTML file to write."
)
@click.option("--focus", help="Only this entity (name or alias) and its neighbourhood.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(1, 5), help="Links from the focus entity.")
@click.option("--types", help="Only these classes, comma-separated (Enterprise,PartyOrganization).")
def viz_command(graph: Path, out: Path, focus: str | None, depth: int, types: str | None) -> None:
    """Write the map of GRAPH (a graph.ttl or an OUT folder), or of a part of it, to OUT."""
    from kg import export_html, ontology
    from kg.errors import UsageError
    from kg.graph import subgraph
    from kg.rdf import read_graph
    from kg.schema import CLASSES

    wanted = [t.strip() for t in (types or "").split(",") if t.strip()]
    unknown = [t for t in wanted if t not in CLASSES]
    if unknown:
        raise UsageError(f"unknown class {', '.join(unknown)} (one of {', '.join(CLASSES)})")
    path = graph / "graph.ttl" if graph.is_dir() else graph
    g = subgraph(read_graph(path), focus=focus, depth=depth, types=wanted)
    if out.parent and not out.parent.exists():
        raise UsageError(f"{out.parent}: no such folder")
    export_html.write_html(g, out, labels=ontology.labels("zh"))
    click.echo(f"{out}: {g.number_of_nodes()} entities, {g.number_of_edges()} relations", err=True)


@cli.group("cache")
def cache_group() -> None:
    """The extraction cache of kg build (OUT/cache.sqlite)."""


@cache_group.command("clear")
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--cache", "cache", type=click.Path(path_type=Path, dir_okay=False), help="A cache file given to kg build --cache."
)
def cache_clear_command(out: Path, cache: Path | None) -> None:
    """Remove the extraction cache of OUT: the next build extracts every document again."""
    from kg.cache import FILE, clear

    path = cache or out / FILE
    click.echo(f"kg: removed {path} ({clear(path)} documents)", err=True)


@cli.command("serve")
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (keep localhost unless others must reach it).",
)
@click.option("--port", default=8787, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option(
    "--limit", default=10_000, show_default=True, type=click.IntRange(1), help="At most this many rows per query."
)
@click.option(
    "--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1), help="Seconds before a query is stopped."
)
@click.option(
    "--max-memory",
    default=256,
    show_default=True,
    type=click.IntRange(16),
    metavar="MB",
    help="Megabytes a query may allocate before it is stopped (together at most --workers times this).",
)
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1, 64),
    help="Queries run at once, each in its own process (default 24); more wait in the queue.",
)
@click.option(
    "--queue", default=256, show_default=True, type=click.IntRange(0), help="Queries that may wait; more get 503."
)
@click.option(
    "--allow-service",
    default="",
    metavar="HOST,...",
    help="Hosts a query's SERVICE clause may call (none by default: the endpoint never sends requests).",
)
def serve_command(
    out: Path,
    host: str,
    port: int,
    limit: int,
    timeout: float,
    max_memory: int,
    workers: int | None,
    queue: int,
    allow_service: str,
) -> None:
    """Serve OUT as a read-only SPARQL endpoint (/sparql), with a query page (/) and the map (/map)."""
    from kg.serve import Limits, serve

    chosen = {} if workers is None else {"workers": workers}
    limits = Limits(rows=limit, timeout=timeout, memory_mb=max_memory, queue=queue, **chosen)

    def ready(server) -> None:
        h, p = server.server_address[:2]
        click.echo(f"kg: serving {out} at http://{h}:{p}/ (SPARQL endpoint /sparql, map /map); Ctrl-C stops", err=True)

    try:
        serve(out, host, port, limits=limits, ready=ready, allow_service=hosts(allow_service))
    except OSError as e:
        from kg.errors import UsageError

        raise UsageError(f"cannot listen on {host}:{port} ({e.strerror or e})") from e


@cli.command("push")
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--endpoint", required=True, help="The store's SPARQL Graph Store URL (Oxigraph: http://host:7878/store)."
)
@click.option("--graph", "graph_iri", help="Named graph to replace (default: one per OUT folder name).")
@click.option(
    "--timeout",
    default=600.0,
    show_default=True,
    type=click.FloatRange(0.1),
    help="Seconds to wait for the store before giving up.",
)
def push_command(out: Path, endpoint: str, graph_iri: str | None, timeout: float) -> None:
    """Load the export OUT into an external triple store, replacing its named graph."""
    from kg.push import push

    iri, size = push(out, endpoint, graph_iri, timeout=timeout)
    click.echo(f"kg: pushed {size:,} bytes of Turtle into <{iri}> at {endpoint}", err=True)


@cli.command("eval")
@click.option(
    "--gold",
    "gold",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of gold .json files.",
)
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lexicon", type=click.Path(path_type=Path, dir_okay=False), help="User dictionary to build with.")
@RECOGNISER_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def eval_command(gold: Path, sources: tuple[Path, ...], lexicon: Path | None, recogniser: str, as_json: bool) -> None:
    """Build the graph of SOURCES and print P/R/F1 per class and property against GOLD."""
    from kg import pipeline
    from kg.evaluate import evaluate, format_table, load_gold
    from kg.graph import build_graph

    gold_docs = load_gold(gold)
    outcome = pipeline.run(list(sources), user_dict=lexicon, recogniser=recogniser, progress=False)
    for path, reason in outcome.skipped:
        click.echo(f"kg: skipped {shown(path)}: {shown(reason)}", err=True)
    rec = outcome.pipeline.recogniser if outcome.pipeline else None
    rep = evaluate(build_graph(outcome.results, recogniser=rec), gold_docs)
    if as_json:
        click.echo(json.dumps(rep.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(rep), nl=False)


def main() -> None:
    try:
        cli.main(prog_name="kg", standalone_mode=True)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else EXIT_USAGE)
        sys.exit(code)


if __name__ == "__main__":
    main()


def hosts(value: str) -> frozenset[str]:
    """``--allow-service a.example,127.0.0.1`` as a set of lower-case host names."""
    return frozenset(h.strip().lower() for h in value.split(",") if h.strip())
