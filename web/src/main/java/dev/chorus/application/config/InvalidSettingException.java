package dev.chorus.application.config;

/**
 * A configuration value Chorus cannot use. Thrown while a settings bean is created at deployment, so the
 * deployment fails and the launcher exits non-zero with this message in the log: the key, its environment
 * variable, what it must be and the value it had.
 */
public class InvalidSettingException extends IllegalArgumentException {
    private final String key;
    private final String value;

    public InvalidSettingException(String key, String value, String expected) {
        super(key + " (" + Settings.environmentVariable(key) + ") must be " + expected + ", not \"" + value + "\"");
        this.key = key;
        this.value = value;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }
}
