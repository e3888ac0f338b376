using Tapyard.Core.Addressing;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Tests.Addressing;

public sealed class AddressPoolTests
{
    [Fact]
    public void A_new_pool_is_all_free()
    {
        var pool = new AddressPool(16);
        Assert.Equal(16, pool.Size);
        Assert.Equal(0, pool.ReservedCount);
        Assert.Equal(16, pool.FreeCount);
        Assert.Equal(0, pool.FirstFree());
        Assert.Equal("................", pool.Map());
    }

    [Fact]
    public void Reservations_show_in_the_map_as_Ganeti_prints_it()
    {
        var pool = new AddressPool(16);
        pool.Reserve(0);
        pool.Reserve(1);
        pool.Reserve(14);
        pool.Reserve(15);
        Assert.Equal("XX............XX", pool.Map());
        Assert.Equal(2, pool.FirstFree());
        Assert.Equal(12, pool.FreeCount);
    }

    [Fact]
    public void Errors_name_the_index_and_change_nothing()
    {
        var pool = new AddressPool(8);
        pool.Reserve(3);
        var twice = Assert.Throws<TapyardException>(() => pool.Reserve(3));
        Assert.Equal("address 3 of the pool is already reserved; release it first or choose a free one", twice.Message);
        var free = Assert.Throws<TapyardException>(() => pool.Release(4));
        Assert.Equal("address 4 of the pool is not reserved; there is nothing to release", free.Message);
        Assert.Equal("...X....", pool.Map());
        Assert.Equal(1, pool.ReservedCount);
    }

    [Fact]
    public void Out_of_range_indexes_are_caller_bugs()
    {
        var pool = new AddressPool(8);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Reserve(8));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.IsReserved(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.FirstFree(9));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Map(4, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AddressPool(0));
        Assert.Null(pool.FirstFree(8));
    }

    [Fact]
    public void A_full_pool_has_no_first_free_until_something_is_released()
    {
        var pool = new AddressPool(130);
        while (pool.FirstFree() is int free)
            pool.Reserve(free);
        Assert.Equal(130, pool.ReservedCount);
        Assert.Equal(new string('X', 130), pool.Map());
        pool.Release(65);
        Assert.Equal(65, pool.FirstFree());
        Assert.Null(pool.FirstFree(66));
    }

    /// <summary>
    /// The allocation pattern of `instance add ... ip=pool` on a /16 and a /8 with the same low part
    /// full: the same answers on both. (How long it takes is `tapyard bench config`'s business, not a test's.)
    /// </summary>
    [Fact]
    public void Allocation_on_a_16_and_a_8_agrees()
    {
        const int filled = 100_000;
        var small = new AddressPool(1 << 16);
        var large = new AddressPool(1 << 24);
        // The network address is reserved, as Ganeti does; the rest of the low part is filled by allocation.
        small.Reserve(0);
        large.Reserve(0);
        for (int i = 1; i < 1 << 16; i++)
            Assert.Equal(i, Allocate(small));
        for (int i = 1; i < filled; i++)
            Assert.Equal(i, Allocate(large));
        Assert.Null(small.FirstFree());
        Assert.Equal(filled, large.FirstFree());
        Assert.Equal(filled, large.ReservedCount);
        Assert.Equal((1 << 24) - filled, large.FreeCount);

        // Releasing low addresses brings allocation back down; the next allocations continue above.
        large.Release(70_000);
        small.Release(60_000);
        Assert.Equal(70_000, Allocate(large));
        Assert.Equal(60_000, Allocate(small));
        Assert.Equal(filled, Allocate(large));
        Assert.Null(small.FirstFree());
    }

    [Fact]
    public void Map_of_a_8_has_one_character_per_address()
    {
        var pool = new AddressPool(1 << 24);
        pool.Reserve(0);
        pool.Reserve((1 << 24) - 1);
        string map = pool.Map();
        Assert.Equal(1 << 24, map.Length);
        Assert.Equal('X', map[0]);
        Assert.Equal('X', map[^1]);
        Assert.Equal((1 << 24) - 2, map.Count(c => c == '.'));
        Assert.Equal("X" + new string('.', 63), pool.Map(0, 64));
    }

    private static int Allocate(AddressPool pool)
    {
        int index = pool.FirstFree() ?? throw new InvalidOperationException("the pool is full");
        pool.Reserve(index);
        return index;
    }
}
