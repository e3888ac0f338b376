namespace Tapyard.Hypervisors.Tests.Migration;

/// <summary>Migration and hot-plug tests share one lab and one guest, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class MigrationCollection : ICollectionFixture<MigrationLab>
{
    public const string Name = "migration lab";
}
