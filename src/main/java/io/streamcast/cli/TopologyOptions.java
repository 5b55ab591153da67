package io.streamcast.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --set path=value}, shared by the commands that read topology files. */
final class TopologyOptions {
    @Option(
            names = "--set",
            paramLabel = "PATH=VALUE",
            description = "Override a topology field, e.g. --set model.cell=lstm --set horizon=12 (repeatable).")
    List<String> overrides = new ArrayList<>();
}
