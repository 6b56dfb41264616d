/// Sync: the update cycle.
public enum SyncModule {}
