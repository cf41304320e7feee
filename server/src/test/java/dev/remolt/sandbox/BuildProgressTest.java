package dev.remolt.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BuildProgressTest {
    @Test
    @DisplayName("the latest build step is shown until the build reports it is done")
    void latestStepUntilBuilt() {
        BuildProgress progress = new BuildProgress();
        assertThat(progress.current()).isEmpty();
        progress.report("image remolt-shell: Step 1/9 : FROM remolt-base");
        progress.report("image remolt-shell: Step 2/9 : RUN true");
        assertThat(progress.current()).hasValue("image remolt-shell: Step 2/9 : RUN true");
        progress.report("image remolt-shell: built in 3 s");
        assertThat(progress.current()).isEmpty();
    }
}
