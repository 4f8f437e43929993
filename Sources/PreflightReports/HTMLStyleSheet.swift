/// The report's only style sheet, inlined into the page: no web fonts or remote CSS, so the file
/// looks the same from a CI artifact, an e-mail attachment or a laptop offline, and prints cleanly.
enum HTMLStyleSheet {
    static let css = """
        :root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
          --pass: #1a7f37; --fail: #cf222e; --invalid: #9a6700; --interrupted: #59636e; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
        h1 { font-size: 22px; margin: 4px 0 8px; }
        h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
        code { overflow-wrap: break-word; }
        pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px;
          white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0; }
        .banner { color: #fff; border-radius: 8px; padding: 16px 22px; border: 3px solid rgba(0,0,0,.25); }
        .banner.passed { background: var(--pass); }
        .banner.failed { background: var(--fail); }
        .banner.invalid { background: var(--invalid); }
        .banner.interrupted { background: var(--interrupted); }
        .banner .verdict { margin: 0; font-size: 30px; font-weight: 800; letter-spacing: .04em; }
        .banner .verdict .exit { font-size: 15px; font-weight: 600; letter-spacing: 0; opacity: .9; margin-left: 8px; }
        .banner h1 .sub { font-weight: 400; font-size: 15px; opacity: .9; }
        .banner ul { margin: 6px 0 0; padding-left: 20px; font-size: 15px; }
        .banner li { overflow-wrap: anywhere; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 16px 0 0; color: var(--muted); }
        .facts dt { font-weight: 600; }
        .facts dd { margin: 0; overflow-wrap: anywhere; }
        table { border-collapse: collapse; width: 100%; margin: 6px 0; }
        th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
        th { background: var(--soft); font-weight: 600; font-size: 12.5px; }
        .checklist td:nth-child(1) { width: 6em; }
        .checklist td:nth-child(2) { width: 42%; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.flow td { background: var(--soft); font-weight: 600; }
        .steps td, .steps th { font-size: 13px; padding: 4px 6px; }
        .muted { color: var(--muted); }
        .pill { display: inline-block; min-width: 4.6em; text-align: center; border-radius: 4px; padding: 1px 6px;
          font-weight: 700; font-size: 12px; color: #fff; }
        .pill.pass { background: var(--pass); }
        .pill.fail { background: var(--fail); }
        .pill.skip, .pill.notrun { background: var(--interrupted); }
        .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 10px 0 16px; }
        .figure { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
        .figure .label { color: var(--muted); font-size: 12px; }
        .figure .value { font-size: 18px; font-weight: 650; font-variant-numeric: tabular-nums; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 18px; }
        figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
        figure h3 { margin: 0 0 4px; }
        figcaption { color: var(--muted); font-size: 12.5px; margin-top: 4px; }
        svg.chart { width: 100%; height: auto; display: block; font-size: 13px; fill: var(--ink); }
        svg.bars { max-width: 860px; font-size: 12.5px; }
        svg .grid { stroke: #e4e8ec; stroke-width: 1; }
        svg .axis { stroke: #8c959f; stroke-width: 1; }
        svg .tick, svg .value { fill: var(--muted); }
        svg .axis-title { fill: var(--muted); font-size: 12.5px; }
        .sample { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px; padding: 8px 12px; margin: 10px 0; break-inside: avoid; }
        .sample h3 { margin: 0 0 4px; }
        .sample .meta { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 6px; }
        .sample ul { margin: 4px 0; padding-left: 20px; }
        .validity th { width: 16em; }
        .causes li { color: var(--invalid); font-weight: 600; }
        footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
        @media (max-width: 700px) { main { padding: 12px; } .charts { grid-template-columns: 1fr; } }
        @media print {
          body { font-size: 11px; }
          main { max-width: none; padding: 0; }
          .charts { grid-template-columns: 1fr 1fr; }
          h2 { break-after: avoid; }
          tr, figure, .sample { break-inside: avoid; }
          .steps td, .steps th { font-size: 10px; padding: 2px 4px; }
        }

        """
}
