package dev.tandem.adapter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven through Debian's chromedriver (both installed by .ci/run). Both paths are given
 * explicitly, so Selenium Manager never looks for, let alone downloads, a browser or a driver. Where either is
 * missing, a test is skipped on a developer's machine and fails in CI ({@code CI=true}), naming what to install.
 */
final class Browser implements AutoCloseable {
    static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String INSTALL = "apt-get install chromium chromium-driver (bash .ci/run does it)";

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A headless browser, or the test is skipped (locally) or failed (CI) when Chromium or chromedriver is absent. */
    static Browser open() throws IOException {
        Optional<String> chromium = first(BROWSERS);
        Optional<String> chromedriver = first(DRIVERS);
        if (chromium.isEmpty() || chromedriver.isEmpty()) {
            String missing = (chromium.isEmpty() ? "no Chromium at " + BROWSERS : "")
                    + (chromium.isEmpty() && chromedriver.isEmpty() ? " and " : "")
                    + (chromedriver.isEmpty() ? "no chromedriver at " + DRIVERS : "") + "; install with " + INSTALL;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("the dashboard's browser tests must run in CI, but " + missing);
            }
            Assumptions.abort(missing);
        }
        Path profile = Files.createTempDirectory("tandem-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver.get())).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return new Browser(driver, profile);
    }

    /** Runs {@code return <expression>} in the page. */
    Object js(String expression) {
        return ((JavascriptExecutor) driver).executeScript("return " + expression);
    }

    String text(String css) {
        var found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0).getText();
    }

    /** Saves a PNG under target/screenshots (a build artifact) and returns its path. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path png = SCREENSHOTS.resolve(name + ".png");
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        return png;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    p.toFile().delete();
                }
            }
        }
    }

    private static Optional<String> first(List<String> paths) {
        return paths.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }
}
