package dev.tandem.adapter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real browser: headless Chromium loads it from a file, runs its script without errors and
 * draws both charts (the DOM it dumps, and the pixels of a screenshot). Skipped only where no Chromium is
 * installed; CI installs Debian's {@code chromium} (.ci/run).
 */
class HtmlReportChromiumTest {
    private static final List<String> BINARIES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final long TIMEOUT_SECONDS = 120;
    private static String chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        chromium = BINARIES.stream().map(HtmlReportChromiumTest::onPath).flatMap(Optional::stream).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "no Chromium found on the PATH (looked for " + BINARIES
                + "); install Debian's chromium package (apt-get install chromium) to run this test");
    }

    @Test
    void theNoGoPageRunsItsScriptAndDrawsBothChartsWhatEverItsDataHolds() throws Exception {
        Path page = dir.resolve("report.html");
        // The NO-GO fixture carries a <script> in a mismatch sample: it must show as text, never run.
        Files.writeString(page, HtmlReport.render(Reports.fixture("nogo")), StandardCharsets.UTF_8);

        String dom = run("--dump-dom", page.toUri().toString());
        java.util.regex.Matcher body = java.util.regex.Pattern.compile("<body[^>]*>").matcher(dom);
        assertTrue(body.find(), dom);
        // Only data-ok: no data-error (a script error) and no data-pwned (the report's own script ran).
        assertEquals("<body data-ok=\"charts:2\">", body.group(), "the page's script ran and found both charts drawn");
        assertTrue(dom.contains("&lt;script&gt;document.body.dataset.pwned"), "it is shown as text");
        assertEquals(2, HtmlReportTest.count(dom, "<svg class=\"chart bars\""), "both charts in the DOM");
        assertEquals(12 * 2 + 12 * 4, HtmlReportTest.count(dom, "<rect class=\"bar\""));

        Path png = dir.resolve("report.png");
        run("--screenshot=" + png, "--window-size=1200,2000", page.toUri().toString());
        assertTrue(Files.exists(png), "screenshot written");
        assertTrue(Files.size(png) > 40_000, "a page with content, not a blank one: " + Files.size(png) + " bytes");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1200, image.getWidth());
        Set<Integer> colours = new HashSet<>();
        boolean legacyBar = false;
        boolean realtimeBar = false;
        boolean banner = false;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                legacyBar |= rgb == 0x2F6FB0;
                realtimeBar |= rgb == 0x3AA37A;
                banner |= rgb == 0xC0392B;
            }
        }
        assertTrue(colours.size() > 50, "many colours, not a single-colour image: " + colours.size());
        assertTrue(legacyBar && realtimeBar, "the lag chart's legacy and realtime bars are on screen");
        assertTrue(banner, "the NO-GO banner is on screen");
    }

    /** Runs headless Chromium on its own profile; returns what it printed, after checking it succeeded. */
    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(args));
        File log = dir.resolve("chromium.log").toFile();
        Process p = new ProcessBuilder(command).redirectError(log).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + command + "\n" + read(log));
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String read(File f) {
        try {
            return Files.readString(f.toPath());
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static Optional<String> onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }
}
