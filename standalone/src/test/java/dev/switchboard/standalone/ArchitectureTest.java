package dev.switchboard.standalone;

import com.mongodb.client.MongoCollection;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering, checked on the main classes of every module: shared-events depends on nothing of ours; features do not
 * reach into each other (a few published classes aside) and plumbing does not know features; only the projector writes
 * the read models; no cycles between packages.
 */
class ArchitectureTest {
    private static final List<String> FEATURES = List.of("chat", "notification", "presence", "support", "user");
    /** What a gateway feature may use of another: who is connected, users' roles, and typing signals (support's typing too). */
    private static final Set<String> PUBLISHED = Set.of("dev.switchboard.gateway.presence.ConnectedUsers", "dev.switchboard.gateway.user.UserRoles",
            "dev.switchboard.gateway.chat.TypingSignals");
    private static final Set<String> WRITES = Set.of("insertOne", "insertMany", "updateOne", "updateMany", "replaceOne", "deleteOne",
            "deleteMany", "bulkWrite", "findOneAndUpdate", "findOneAndReplace", "findOneAndDelete", "createIndex", "createIndexes", "drop",
            "dropIndex", "dropIndexes", "renameCollection");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.switchboard");
    }

    private static DescribedPredicate<JavaMethodCall> aReadModelWrite() {
        return DescribedPredicate.describe("a write to a MongoDB collection", call ->
                call.getTargetOwner().isAssignableTo(MongoCollection.class) && WRITES.contains(call.getName()));
    }

    @Test
    void sharedEventsDependsOnNothingOfOurs() {
        noClasses().that().resideInAnyPackage("dev.switchboard.events..", "dev.switchboard.readmodels..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.gateway..", "dev.switchboard.projector..",
                        "dev.switchboard.embedded..", "dev.switchboard.standalone..", "dev.switchboard.bench..")
                .check(classes);
    }

    @Test
    void eventsDoNotDependOnReadModels() {
        noClasses().that().resideInAPackage("dev.switchboard.events..")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.readmodels..")
                .check(classes);
    }

    @Test
    void theGatewayDoesNotWriteReadModels() {
        // recovery writes the gateways' own database (GATEWAY_DATABASE), never the read models'
        noClasses().that().resideInAPackage("dev.switchboard.gateway..").and().resideOutsideOfPackage("dev.switchboard.gateway.recovery..")
                .should().callMethodWhere(aReadModelWrite())
                .check(classes);
    }

    @Test
    void theSharedReadModelQueriesOnlyRead() {
        noClasses().that().resideInAPackage("dev.switchboard.readmodels..")
                .should().callMethodWhere(aReadModelWrite())
                .check(classes);
    }

    @Test
    void gatewayFeaturesUseEachOtherOnlyThroughTheirPublishedClasses() {
        for (String feature : FEATURES) {
            ArchRule rule = noClasses().that().resideInAPackage("dev.switchboard.gateway." + feature + "..")
                    .should().dependOnClassesThat(DescribedPredicate.describe("are another feature's unpublished classes", target ->
                            otherFeature(target.getPackageName(), "dev.switchboard.gateway.", feature) && !PUBLISHED.contains(target.getName())));
            rule.check(classes);
        }
    }

    @Test
    void projectorFeaturesDoNotUseEachOther() {
        for (String feature : FEATURES) {
            noClasses().that().resideInAPackage("dev.switchboard.projector." + feature + "..")
                    .should().dependOnClassesThat(DescribedPredicate.describe("are another feature's", target ->
                            otherFeature(target.getPackageName(), "dev.switchboard.projector.", feature)))
                    .check(classes);
        }
    }

    @Test
    void plumbingDoesNotKnowTheFeatures() {
        for (String module : List.of("gateway", "projector")) {
            String[] features = FEATURES.stream().map(f -> "dev.switchboard." + module + "." + f + "..").toArray(String[]::new);
            noClasses().that().resideInAnyPackage("dev.switchboard." + module + ".socket..", "dev.switchboard." + module + ".kafka..",
                            "dev.switchboard." + module + ".store..", "dev.switchboard." + module + ".web..", "dev.switchboard." + module + ".input..",
                            "dev.switchboard." + module + ".errors..", "dev.switchboard." + module + ".limits..")
                    .should().dependOnClassesThat().resideInAnyPackage(features)
                    .check(classes);
        }
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.switchboard.(*).(*)..").should().beFreeOfCycles().check(classes);
    }

    private static boolean otherFeature(String packageName, String prefix, String feature) {
        if (!packageName.startsWith(prefix)) {
            return false;
        }
        String first = packageName.substring(prefix.length()).split("\\.")[0];
        return FEATURES.contains(first) && !first.equals(feature);
    }
}
