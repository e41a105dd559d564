package dev.tandem.adapter.cli;

import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.config.TandemConfig;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Reads the setting flags a command was given and resolves them over the environment and defaults. */
final class SettingFlags {
    private SettingFlags() {
    }

    static TandemConfig resolve(CommandSpec spec) {
        Map<Setting, String> given = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            OptionSpec o = spec.findOption(s.flag());
            if (o != null && spec.commandLine().getParseResult().hasMatchedOption(o)) {
                given.put(s, o.getValue());
            }
        }
        return TandemConfig.resolve(given, System::getenv);
    }
}
