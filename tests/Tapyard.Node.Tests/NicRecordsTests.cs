using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests;

public sealed class NicRecordsTests
{
    private static NicRecord Sample(string device) => new()
    {
        Instance = "web1", InstanceUuid = Guid.NewGuid(), NicIndex = 0, NicUuid = Guid.NewGuid(), Mode = "macvtap", MvtapMode = "bridge",
        Device = device, Ifindex = 1_234_567, Mac = "52:54:00:00:00:01", Lower = "eth0", Node = "n1", CreatedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public void Records_live_under_nics_node_device_json_and_round_trip()
    {
        using var run = new TempDirectory("rec");
        var records = new NicRecords(run.Path, "n1");
        string name = records.ReserveName("vtap", new HashSet<string>());
        Assert.Equal("vtap0", name);
        Assert.Equal(Path.Combine(run.Path, "nics", "n1", "vtap0.json"), records.PathOf(name));
        // A bare reservation is no record: its device was never made.
        Assert.Null(records.TryRead(name));
        Assert.Empty(records.ReadAll());

        var record = Sample(name);
        records.Write(record);
        Assert.Equal(record, records.TryRead(name));
        records.Write(record with { Ifindex = 7_654_321 });
        Assert.Equal(7_654_321, records.TryRead(name)!.Ifindex);
        Assert.Equal(["vtap0.json"], Directory.GetFiles(records.Directory).Select(Path.GetFileName));

        records.Delete(name);
        Assert.Empty(records.ReservedNames());
    }

    [Fact]
    public void Reserving_skips_names_reserved_or_in_use_on_the_node()
    {
        using var run = new TempDirectory("rec");
        var records = new NicRecords(run.Path, "n1");
        Assert.Equal("vtap0", records.ReserveName("vtap", new HashSet<string>()));
        Assert.Equal("vtap2", records.ReserveName("vtap", new HashSet<string> { "vtap1" }));
        Assert.Equal("vtap1", records.ReserveName("vtap", new HashSet<string>()));
    }

    [Fact]
    public void Concurrent_reservations_never_share_a_name()
    {
        using var run = new TempDirectory("rec");
        var names = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, _ =>
        {
            var records = new NicRecords(run.Path, "n1");
            for (int i = 0; i < 25; i++)
                names.Add(records.ReserveName("vtap", new HashSet<string>()));
        });
        Assert.Equal(200, names.Distinct().Count());
    }

    [Fact]
    public void Node_names_that_would_escape_the_directory_are_refused()
    {
        Assert.Throws<Core.Errors.TapyardException>(() => new NicRecords("/tmp", "../x"));
        Assert.Throws<Core.Errors.TapyardException>(() => new NicRecords("/tmp", ".."));
    }
}
