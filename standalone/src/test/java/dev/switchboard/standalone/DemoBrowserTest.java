package dev.switchboard.standalone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo page in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven by Selenium): a client and
 * a provider sign in in two panes, a message typed in one appears in the other with its typing signal, and comes back to
 * the sender marked read; a notification raises the badge; an admin answers the client's ticket from the dashboard.
 * Saves the screenshot {@code docs/demo.png}. Skipped where the browser is not installed, except in CI ({@code CI=true}),
 * where {@code .ci/run} installs it and its absence fails the test.
 */
class DemoBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static WebDriver driver;
    private static Path profile;

    /** Per test rather than in a {@code @BeforeAll}, so that a skip is reported as a skipped test with its reason. */
    @BeforeEach
    void startBrowser() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "headless Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                + "): apt-get install -y chromium chromium-driver, as .ci/run does";
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(missing);
        }
        if (!installed) {
            System.err.println("DemoBrowserTest skipped: " + missing);
        }
        Assumptions.assumeTrue(installed, missing);
        if (driver != null) {
            return;
        }
        profile = Files.createTempDirectory("switchboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1500,1150", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static WebElement pane(int index) {
        return driver.findElement(By.cssSelector("section.pane[data-pane='" + index + "']"));
    }

    private static WebElement in(int pane, String css) {
        return pane(pane).findElement(By.cssSelector(css));
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    private static void signIn(int pane, String role, String name) {
        WebElement select = in(pane, "select.role");
        new Select(select).selectByValue(role);
        WebElement nameInput = in(pane, "input.name");
        nameInput.clear();
        nameInput.sendKeys(name);
        in(pane, "button.sign-in").click();
        waiting().until(d -> "online".equals(in(pane, ".connection").getDomAttribute("data-state")));
    }

    @Test
    void aMessageTypedInOnePaneAppearsInTheOtherAndComesBackRead() throws Exception {
        TestStack stack = TestStack.shared(); // only once the browser is there: a skip starts no stack
        driver.get(stack.httpUrl() + "/");
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("section.pane"), 2));
        signIn(0, "client", "Alice");
        signIn(1, "provider", "Bob");

        in(0, "button.open-chat-with-pane").click();
        waiting().until(d -> in(0, ".chat").isDisplayed() && in(1, ".chat").isDisplayed());
        waiting().until(d -> !in(1, ".chat-title").getText().isEmpty());

        String text = "Hello Bob, is my order on its way?";
        WebElement input = in(0, "input.message-input");
        input.sendKeys(text);
        waiting().until(d -> in(1, ".typing").getText().contains("is typing"));
        in(0, "button.send").click();

        WebElement received = waiting().until(d -> pane(1).findElements(By.cssSelector(".messages .message")).stream()
                .filter(m -> m.getText().contains(text)).findFirst().orElse(null));
        assertTrue(received.getDomAttribute("class").contains("message"));
        WebElement sent = pane(0).findElements(By.cssSelector(".messages .message.mine")).stream()
                .filter(m -> m.getText().contains(text)).findFirst().orElseThrow();
        waiting().until(d -> "read".equals(sent.getDomAttribute("data-state")));
        assertTrue(sent.findElement(By.cssSelector(".mark")).getText().contains("read"), sent.getText());

        WebElement reply = in(1, "input.message-input");
        reply.sendKeys("Yes Alice, it left the warehouse this morning.");
        in(1, "button.send").click();
        waiting().until(d -> pane(0).findElements(By.cssSelector(".messages .message")).stream()
                .anyMatch(m -> m.getText().contains("left the warehouse")));

        in(1, "button.bell").click();
        in(1, "button.notify-me").click();
        waiting().until(d -> "1".equals(in(1, ".badge").getDomAttribute("data-count")));
        assertEquals(1, pane(1).findElements(By.cssSelector(".notification-list li.unread")).size());

        in(0, "input.ticket-subject").sendKeys("Refund for order 8812");
        in(0, "input.ticket-message").sendKeys("I was charged twice.");
        in(0, "form.open-ticket button").click();
        waiting().until(d -> pane(0).findElements(By.cssSelector(".support-messages .message")).stream()
                .anyMatch(m -> m.getText().contains("charged twice")));

        driver.findElement(By.id("add-pane")).click();
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("section.pane"), 3));
        signIn(2, "admin", "Ada");
        WebElement ticket = waiting().until(d -> pane(2).findElements(By.cssSelector(".ticket-list li")).stream()
                .filter(t -> t.getText().contains("Refund for order 8812")).findFirst().orElse(null));
        ticket.click();
        waiting().until(d -> pane(2).findElements(By.cssSelector(".support-messages .message")).stream()
                .anyMatch(m -> m.getText().contains("charged twice")));
        in(2, "input.support-input").sendKeys("Sorry about that: the second charge is refunded.");
        in(2, "form.support-composer button").click();
        waiting().until(d -> pane(0).findElements(By.cssSelector(".support-messages .message")).stream()
                .anyMatch(m -> m.getText().contains("second charge is refunded")));

        saveScreenshot();
    }

    /** docs/demo.png in the repository (the README shows it), and a copy under target/. */
    private static void saveScreenshot() throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path moduleDir = Path.of("").toAbsolutePath();
        Files.createDirectories(moduleDir.resolve("target"));
        Files.copy(shot.toPath(), moduleDir.resolve("target/demo.png"), StandardCopyOption.REPLACE_EXISTING);
        Path docs = moduleDir.getParent().resolve("docs");
        if (Files.isDirectory(docs)) {
            Files.copy(shot.toPath(), docs.resolve("demo.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
