package dev.tandem.adapter.rollout;

/** What a flag or stage change did: the flags before and after, and how many flags it wrote. */
public record RolloutChange(FlagSnapshot before, FlagSnapshot after, int flagsWritten) {
}
