using FsCheck;
using FsCheck.Fluent;

namespace Tapyard.Core.Tests.Addressing;

/// <summary>Pool sizes and operation sequences for the property tests.</summary>
public static class PoolGenerators
{
    /// <summary>Small sizes, sizes around word (64-bit) boundaries and a few larger ones, many not multiples of 64.</summary>
    public static Gen<int> Sizes { get; } = Gen.OneOf(
        Gen.Choose(1, 200),
        Gen.Elements(1, 2, 4, 63, 64, 65, 127, 128, 129, 191, 192, 193, 255, 256, 257, 1000, 1023, 1024, 1025, 4099));

    /// <summary>A pool size with operations on it; indexes cluster at the ends and word edges, where bugs live.</summary>
    public static Arbitrary<(int Size, PoolOperation[] Operations)> Workouts { get; } =
        Sizes.SelectMany(size => OperationsFor(size).Select(operations => (size, operations))).ToArbitrary();

    public static Gen<PoolOperation[]> OperationsFor(int size)
    {
        var index = Gen.OneOf(
            Gen.Choose(0, size - 1),
            Gen.Choose(0, Math.Min(size - 1, 3)),
            Gen.Choose(Math.Max(0, size - 4), size - 1),
            Gen.Choose(0, (size - 1) / 64).SelectMany(word => Gen.Elements(word * 64, Math.Min(size - 1, word * 64 + 63))));
        // Reserving more often than releasing fills pools up, so full words and exhaustion get exercised.
        var kind = Gen.Frequency(
            (4, Gen.Constant(PoolOperationKind.Reserve)),
            (2, Gen.Constant(PoolOperationKind.TryReserve)),
            (2, Gen.Constant(PoolOperationKind.Release)),
            (2, Gen.Constant(PoolOperationKind.FirstFree)));
        var operation = kind.SelectMany(k => index.Select(i => new PoolOperation(k, i)));
        return Gen.Choose(0, Math.Min(3 * size, 400)).SelectMany(count => Gen.ArrayOf(operation, count));
    }
}
