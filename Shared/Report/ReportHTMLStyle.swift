/// The inline style sheet of the HTML report: system fonts only, readable on screen, and print
/// rules for A4 that neither split a word nor leave half-empty pages.
///
/// Words are never broken (`hyphens: none; word-break: normal; overflow-wrap: normal`): a cell
/// too narrow for a word widens its column instead. Only what is small is kept whole on a page
/// (cards, charts, table rows, the summary and objectives): a long table breaks between rows with
/// its header repeated, so a big section never leaves a page half empty by jumping to the next.
enum ReportHTMLStyle {
    static let css = """
        :root{color-scheme:light;--ink:#1a1a1a;--muted:#5a5a5a;--line:#d0d0d0;--accent:#0072B2;--band:#f4f6f8}
        *{box-sizing:border-box}
        html,body,td,th,p,li,caption,h1,h2,h3{hyphens:none;-webkit-hyphens:none;word-break:normal;overflow-wrap:normal}
        body{margin:0;padding:24px 32px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",\
        "DejaVu Sans",Arial,sans-serif;color:var(--ink);background:#fff;max-width:1000px}
        header{border-bottom:3px solid var(--accent);padding-bottom:12px;margin-bottom:20px}
        h1{font-size:26px;margin:0 0 6px}
        h2{font-size:19px;margin:28px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
        h3{font-size:16px;margin:18px 0 6px}
        .meta{margin:2px 0;color:var(--muted)}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:10px;margin:0;padding:0}
        .card{background:var(--band);border-radius:6px;padding:10px 12px;list-style:none}
        .card .k{display:block;font-size:13px;color:var(--muted)}
        .card .v{display:block;font-size:21px;font-weight:600;font-variant-numeric:tabular-nums;white-space:nowrap}
        table{border-collapse:collapse;margin:6px 0 14px;width:100%;max-width:760px}
        thead{display:table-header-group}
        caption{text-align:left;font-weight:600;padding:4px 0}
        th,td{padding:4px 12px 4px 0;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        th{font-size:13px;color:var(--muted);font-weight:600}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;padding-left:16px;white-space:nowrap}
        td.id{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;white-space:nowrap}
        .w{white-space:nowrap}
        figure{margin:0}
        .chart{margin:8px 0 16px}
        .chart svg{max-width:100%;height:auto}
        svg text{font:13px system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;\
        fill:var(--ink)}
        svg text.tick{font-size:11px;fill:var(--muted)}
        svg text.axis{font-size:12px;fill:var(--muted);font-style:italic}
        svg text.value{font-variant-numeric:tabular-nums}
        .note{color:var(--muted);font-style:italic}
        .appendix{font-size:12px;color:var(--muted)}
        .appendix table{max-width:none}
        footer{margin-top:32px;padding-top:8px;border-top:1px solid var(--line);font-size:12px;color:var(--muted)}
        @page{size:A4;margin:15mm 14mm}
        @media print{
        body{padding:0;font-size:10.5pt;max-width:none}
        .card{background:none;border:1px solid var(--line)}
        h2,h3,caption{break-after:avoid;page-break-after:avoid}
        tr,.card,.chart,section.keep{break-inside:avoid;page-break-inside:avoid}
        table{max-width:none}
        header{border-bottom-color:#000}
        }
        """
}
