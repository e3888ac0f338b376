using FsCheck;
using FsCheck.Fluent;
using Tapyard.Core.Addressing;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Tests.Addressing;

/// <summary>
/// The pool properties, each over random sizes (around word boundaries too) and random
/// sequences of reserve / release / first-free, checked against <see cref="NaivePool"/>.
/// </summary>
public sealed class AddressPoolProperties
{
    [Fact]
    public void Free_plus_reserved_is_size_and_reserved_matches_the_model() =>
        Prop.ForAll(PoolGenerators.Workouts, workout =>
        {
            var (pool, model) = Run(workout);
            return pool.FreeCount + pool.ReservedCount == pool.Size
                && pool.Size == workout.Size
                && pool.ReservedCount == model.ReservedCount;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Map_matches_IsReserved_for_every_index() =>
        Prop.ForAll(PoolGenerators.Workouts, workout =>
        {
            var (pool, model) = Run(workout);
            string map = pool.Map();
            return map.Length == pool.Size
                && Enumerable.Range(0, pool.Size).All(i => map[i] == (pool.IsReserved(i) ? 'X' : '.'))
                && map == model.Map();
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Partial_maps_are_slices_of_the_whole_map() =>
        Prop.ForAll(PoolGenerators.Workouts, Gen.Choose(0, 10_000).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(), (workout, a, b) =>
        {
            var (pool, _) = Run(workout);
            int start = a % (pool.Size + 1);
            int count = b % (pool.Size - start + 1);
            return pool.Map(start, count) == pool.Map().Substring(start, count);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Reserving_free_addresses_then_releasing_them_restores_the_map() =>
        Prop.ForAll(PoolGenerators.Workouts, Gen.Choose(1, 50).ToArbitrary(), (workout, take) =>
        {
            var (pool, _) = Run(workout);
            string before = pool.Map();
            int reservedBefore = pool.ReservedCount;
            var taken = new List<int>();
            for (int i = 0; i < take && pool.FirstFree() is int free; i++)
            {
                pool.Reserve(free);
                taken.Add(free);
            }
            bool grew = pool.ReservedCount == reservedBefore + taken.Count;
            foreach (int index in taken)
                pool.Release(index);
            return grew && pool.Map() == before && pool.ReservedCount == reservedBefore;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Releasing_reserved_addresses_then_reserving_them_restores_the_map() =>
        Prop.ForAll(PoolGenerators.Workouts, workout =>
        {
            var (pool, _) = Run(workout);
            string before = pool.Map();
            var reserved = Enumerable.Range(0, pool.Size).Where(pool.IsReserved).ToList();
            foreach (int index in reserved)
                pool.Release(index);
            bool empty = pool.ReservedCount == 0 && pool.FirstFree() == 0;
            foreach (int index in reserved)
                pool.Reserve(index);
            return empty && pool.Map() == before && pool.ReservedCount == reserved.Count;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Double_reserve_and_release_of_a_free_address_fail_and_change_nothing() =>
        Prop.ForAll(PoolGenerators.Workouts, Gen.Choose(0, int.MaxValue).ToArbitrary(), (workout, pick) =>
        {
            var (pool, _) = Run(workout);
            int index = pick % pool.Size;
            string before = pool.Map();
            int reservedBefore = pool.ReservedCount;
            int? firstFreeBefore = pool.FirstFree();
            bool threw = pool.IsReserved(index)
                ? Throws(() => pool.Reserve(index)) && !pool.TryReserve(index)
                : Throws(() => pool.Release(index));
            return threw
                && pool.Map() == before
                && pool.ReservedCount == reservedBefore
                && pool.FirstFree() == firstFreeBefore;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void FirstFree_is_the_lowest_free_index_at_or_after_start() =>
        Prop.ForAll(PoolGenerators.Workouts, workout =>
        {
            var (pool, model) = Run(workout);
            return Enumerable.Range(0, pool.Size + 1).All(start => pool.FirstFree(start) == model.FirstFree(start));
        }).QuickCheckThrowOnFailure();

    /// <summary>
    /// Applies the workout to a pool and the model, checking after every step that the step did what the
    /// model says (including FirstFree, whose search hint must survive every interleaving) and that a
    /// refused step changed nothing.
    /// </summary>
    private static (AddressPool Pool, NaivePool Model) Run((int Size, PoolOperation[] Operations) workout)
    {
        var pool = new AddressPool(workout.Size);
        var model = new NaivePool(workout.Size);
        foreach (var operation in workout.Operations)
        {
            int i = operation.Index;
            bool wasReserved = model.IsReserved(i);
            int reservedBefore = pool.ReservedCount;
            switch (operation.Kind)
            {
                case PoolOperationKind.Reserve:
                    Check(Throws(() => pool.Reserve(i)) == wasReserved, operation, "Reserve threw iff reserved");
                    model.Set(i, true);
                    break;
                case PoolOperationKind.TryReserve:
                    Check(pool.TryReserve(i) == !wasReserved, operation, "TryReserve succeeded iff free");
                    model.Set(i, true);
                    break;
                case PoolOperationKind.Release:
                    Check(Throws(() => pool.Release(i)) == !wasReserved, operation, "Release threw iff free");
                    model.Set(i, false);
                    break;
                case PoolOperationKind.FirstFree:
                    Check(pool.FirstFree(i) == model.FirstFree(i), operation, "FirstFree(start)");
                    break;
            }
            Check(pool.FirstFree() == model.FirstFree(0), operation, "FirstFree() afterwards");
            Check(pool.IsReserved(i) == model.IsReserved(i), operation, "IsReserved afterwards");
            Check(pool.ReservedCount - reservedBefore == (model.IsReserved(i) ? 1 : 0) - (wasReserved ? 1 : 0), operation, "count change");
        }
        return (pool, model);
    }

    private static void Check(bool condition, PoolOperation operation, string what)
    {
        if (!condition)
            throw new InvalidOperationException($"{what} disagrees with the model after {operation}");
    }

    private static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (TapyardException)
        {
            return true;
        }
    }
}
