package dev.tandem.adapter.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Optional;

/** The ways a report is written out: its JSON itself, Markdown, and a self-contained HTML page. */
public enum ReportFormat {
    JSON("json", "application/json"),
    MARKDOWN("md", "text/markdown; charset=utf-8"),
    HTML("html", HtmlPage.CONTENT_TYPE);

    private final String extension;
    private final String contentType;

    ReportFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** The format a file or URL suffix ({@code json}, {@code md}, {@code html}) names. */
    public static Optional<ReportFormat> byExtension(String extension) {
        return Arrays.stream(values()).filter(f -> f.extension.equals(extension)).findFirst();
    }

    public String render(JsonNode report, ObjectMapper json) {
        return switch (this) {
            case JSON -> {
                try {
                    yield json.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("report cannot be written as JSON: " + e.getOriginalMessage(), e);
                }
            }
            case MARKDOWN -> MarkdownReport.render(report);
            case HTML -> HtmlReport.render(report);
        };
    }
}
