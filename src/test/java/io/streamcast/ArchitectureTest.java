package io.streamcast;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;

/**
 * Pins the package layering of the main code (issue 13): the packages follow the data flow and form
 * no import cycle, so a change that imports upward or sideways fails the build here rather than
 * surfacing later as a tangle.
 */
@AnalyzeClasses(packages = "io.streamcast", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /**
     * The packages from the top (entry points) down to the leaves. A package may use only packages in
     * tiers below its own: not its tier's neighbours, not anything above. This is the graph as it
     * stands, with the data flow reading bottom-up: records are ingested into series windows, which
     * models forecast; training builds the models; the topology wires ingest, series, models,
     * training and emit into Kafka Streams; the service runs topologies and serves them over http;
     * the CLI drives the service, backtests and benchmarks.
     */
    static final List<List<String>> TIERS = List.of(
            List.of("cli"),
            List.of("bench"),
            List.of("service", "backtest"),
            List.of("http"),
            List.of("topology"),
            List.of("metrics"),
            List.of("training", "control"),
            List.of("config"),
            List.of("model"),
            List.of("series", "ingest", "emit", "progress", "broker", "logging"));

    // Rules are checked from @ArchTest methods, not @ArchTest fields: Surefire 3.5.3 silently skips
    // field rules (TNG/ArchUnit#1442, apache/maven-surefire#839), which would leave this test green
    // while checking nothing.

    @ArchTest
    void packagesFormNoCycle(JavaClasses classes) {
        slices().matching("io.streamcast.(*)..").should().beFreeOfCycles().check(classes);
    }

    @ArchTest
    void packagesUseOnlyLowerTiers(JavaClasses classes) {
        layering().check(classes);
    }

    /** A package missing from {@link #TIERS} would escape the layering unnoticed. */
    @ArchTest
    void everyClassLivesInATieredPackage(JavaClasses classes) {
        classes()
                .should()
                .resideInAnyPackage(TIERS.stream()
                        .flatMap(List::stream)
                        .map(p -> "io.streamcast." + p + "..")
                        .toArray(String[]::new))
                .check(classes);
    }

    private static ArchRule layering() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> tier : TIERS) {
            for (String p : tier) {
                layers = layers.layer(p).definedBy("io.streamcast." + p + "..");
            }
        }
        for (int i = 0; i < TIERS.size(); i++) {
            List<String> below = new ArrayList<>();
            TIERS.subList(i + 1, TIERS.size()).forEach(below::addAll);
            for (String p : TIERS.get(i)) {
                layers = below.isEmpty()
                        ? layers.whereLayer(p).mayNotAccessAnyLayer()
                        : layers.whereLayer(p).mayOnlyAccessLayers(below.toArray(String[]::new));
            }
        }
        return layers;
    }
}
