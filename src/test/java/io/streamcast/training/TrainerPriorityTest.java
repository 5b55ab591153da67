package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrainerPriorityTest {

    @Test
    void aTrainerThreadDropsToTheLowestPriorityAndTheRestOfTheProcessDoesNot() throws Exception {
        int before = TrainerPriority.currentNice();
        AtomicBoolean lowered = new AtomicBoolean();
        AtomicInteger trainerNice = new AtomicInteger(Integer.MIN_VALUE);
        Thread trainer = new Thread(() -> {
            lowered.set(TrainerPriority.lowerCurrentThread());
            trainerNice.set(TrainerPriority.currentNice());
        });
        trainer.start();
        trainer.join();

        assertTrue(lowered.get(), "renice of the trainer thread took effect");
        assertEquals(TrainerPriority.BACKGROUND_NICE, trainerNice.get(), "the trainer runs at nice 19");
        assertTrue(
                before > Integer.MIN_VALUE && before < TrainerPriority.BACKGROUND_NICE,
                "this thread's nice is readable");
        assertEquals(
                before,
                TrainerPriority.currentNice(),
                "the calling thread (a stream thread's stand-in) keeps its priority");
    }
}
