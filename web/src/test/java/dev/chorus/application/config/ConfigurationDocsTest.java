package dev.chorus.application.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Configure it" table is what operators read: it must list every key of
 * META-INF/microprofile-config.properties (the one place defaults are written) with the same default, and a key
 * the file leaves unset (shown commented out) as "unset".
 */
class ConfigurationDocsTest {
    private static final String UNSET = "unset";
    private static final Pattern COMMENTED_KEY = Pattern.compile("(?m)^#\\s*(chorus\\.[a-z0-9.-]+)=");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| (`CHORUS_[^|]+) \\| ([^|]+) \\|");

    @Test
    void theReadmeTableListsEveryKeyWithTheDefaultTheFileGivesIt() throws IOException {
        Map<String, String> file = new TreeMap<>();
        TestSettings.defaultValues().forEach((key, value) -> file.put(Settings.environmentVariable(key), value));
        Matcher commented = COMMENTED_KEY.matcher(defaultsFileText());
        while (commented.find()) {
            file.putIfAbsent(Settings.environmentVariable(commented.group(1)), UNSET);
        }

        Map<String, String> readme = readmeTable();
        assertEquals(file, new TreeMap<>(readme), "README.md \"Configure it\" against " + TestSettings.DEFAULTS);
    }

    private static String defaultsFileText() throws IOException {
        try (InputStream in = ConfigurationDocsTest.class.getClassLoader().getResourceAsStream(TestSettings.DEFAULTS)) {
            assertTrue(in != null, TestSettings.DEFAULTS + " on the class path");
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Variable to default; a row may name several, {@code `A` / `B` | `1` / `2`}. */
    private static Map<String, String> readmeTable() throws IOException {
        Path readme = Path.of(System.getProperty("chorus.serverConfig", "../server-config")).resolveSibling("README.md");
        String text = Files.readString(readme);
        int start = text.indexOf("## Configure it");
        int end = text.indexOf("\n## ", start + 1);
        assertTrue(start >= 0 && end > start, "README.md has a \"Configure it\" section");
        Map<String, String> table = new HashMap<>();
        Matcher row = ROW.matcher(text.substring(start, end));
        while (row.find()) {
            String[] variables = row.group(1).split(" / ");
            String[] defaults = row.group(2).trim().split(" / ");
            for (int i = 0; i < variables.length; i++) {
                String value = defaults[defaults.length == 1 ? 0 : i].trim();
                table.put(strip(variables[i]), value.equals(UNSET) ? UNSET : strip(value));
            }
        }
        return table;
    }

    private static String strip(String quoted) {
        String trimmed = quoted.trim();
        assertTrue(trimmed.startsWith("`") && trimmed.endsWith("`"), "a code span: " + trimmed);
        return trimmed.substring(1, trimmed.length() - 1);
    }
}
