package dev.tandem.adapter.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The page around an HTML report: its head, inline style and one script, and how text is escaped in it. The
 * page's Content-Security-Policy lets only that style and script run (by hash) and fetches nothing, so even a
 * value that slipped past escaping could run nothing.
 *
 * <p>The script marks the page once it has laid out: {@code <body data-ok="charts:N">} when every chart has a
 * size, {@code data-error} when any script error happened. Headless tests read those attributes.
 */
final class HtmlPage {
    static final String CONTENT_TYPE = "text/html; charset=utf-8";

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
            main{max-width:1100px;margin:0 auto;padding:24px}
            h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:14px;margin:16px 0 6px}
            .banner{border-radius:8px;padding:16px 20px;color:#fff;margin:0 0 16px}
            .banner.go{background:#1f8a55}.banner.nogo{background:#c0392b}.banner.unknown{background:#6b7280}
            .banner strong{font-size:26px;letter-spacing:.5px}.banner ul{margin:8px 0 0;padding-left:20px}
            .note{background:#fff4d6;border:1px solid #e8c35c;border-radius:6px;padding:8px 12px}
            table{border-collapse:collapse;background:#fff;margin:4px 0 12px;min-width:320px}
            th,td{border:1px solid #d9dde3;padding:4px 10px;text-align:left;vertical-align:top}
            td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#eef1f5}
            .fail{color:#c0392b;font-weight:600}.pass{color:#1f8a55}
            code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-all}
            figure{background:#fff;border:1px solid #d9dde3;border-radius:8px;margin:8px 0 16px;padding:8px}
            figcaption{font-weight:600;margin:0 0 4px}
            svg.chart{width:100%;height:auto;display:block}
            svg .grid{stroke:#e3e6ea}svg .axis{stroke:#8a93a0}svg text{font:12px system-ui,sans-serif;fill:#4a5261}
            .cols{display:flex;gap:24px;flex-wrap:wrap}
            """;
    private static final String SCRIPT = """
            (function(){var body=document.body;window.addEventListener('error',function(e){body.setAttribute('data-error',String(e.message));});
            var charts=document.querySelectorAll('svg.chart');var ok=charts.length>0;
            for(var i=0;i<charts.length;i++){var r=charts[i].getBoundingClientRect();if(!(r.width>0&&r.height>0)){ok=false;}}
            body.setAttribute('data-ok',ok?'charts:'+charts.length:'no');})();
            """;
    /** Only the page's own style and script, by hash; nothing may be fetched. */
    private static final String CSP = "default-src 'none'; style-src '" + sha256(STYLE) + "'; script-src '"
            + sha256(SCRIPT) + "'; img-src data:";

    private HtmlPage() {
    }

    /** Everything before the report's content: doctype, head, the opening of the body. */
    static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + escape(CSP) + "\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head>\n<body><main>";
    }

    /** Everything after it: the script, then the end of the page. */
    static String tail() {
        return "</main><script>" + SCRIPT + "</script></body></html>\n";
    }

    /** Text safe in HTML content and in quoted attribute values (also inside inline SVG). */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String sha256(String inline) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
