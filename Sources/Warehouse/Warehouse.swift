/// Warehouse: storing sf_ tables and the sync metadata.
public enum WarehouseModule {}
