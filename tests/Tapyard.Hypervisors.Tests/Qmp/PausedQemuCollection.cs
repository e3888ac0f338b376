namespace Tapyard.Hypervisors.Tests.Qmp;

[CollectionDefinition("paused qemu")]
public sealed class PausedQemuCollection : ICollectionFixture<PausedQemu>;
