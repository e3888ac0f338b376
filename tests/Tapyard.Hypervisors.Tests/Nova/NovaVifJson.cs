using System.Text.Json.Nodes;

namespace Tapyard.Hypervisors.Tests.Nova;

/// <summary>VIF documents as Nova's network model serializes them, to vary one key at a time.</summary>
internal static class NovaVifJson
{
    public const string Id = "7c1e5a4f-2b3d-4e8f-9a0b-1c2d3e4f5a6b";

    public static JsonObject Macvtap(int? vlan = 100) => new()
    {
        ["id"] = Id,
        ["address"] = "fa:16:3e:11:22:33",
        ["type"] = "macvtap",
        ["devname"] = "tap7c1e5a4f-2b",
        ["vnic_type"] = "normal",
        ["network"] = new JsonObject { ["id"] = "net-1", ["label"] = "private", ["bridge"] = null },
        ["details"] = vlan is { } v
            ? new JsonObject
            {
                ["macvtap_source"] = $"eth1.{v}",
                ["macvtap_mode"] = "bridge",
                ["physical_interface"] = "eth1",
                ["vlan"] = v.ToString(),
                ["port_filter"] = false,
            }
            : new JsonObject
            {
                ["macvtap_source"] = "eth1",
                ["macvtap_mode"] = "vepa",
                ["physical_interface"] = "eth1",
                ["port_filter"] = false,
            },
    };

    public static JsonObject Bridge() => new()
    {
        ["id"] = Id,
        ["address"] = "fa:16:3e:11:22:34",
        ["type"] = "bridge",
        ["devname"] = "tap7c1e5a4f-2b",
        ["network"] = new JsonObject { ["bridge"] = "brq1234" },
        ["details"] = new JsonObject { ["port_filter"] = true },
    };

    public static JsonObject Ovs() => new()
    {
        ["id"] = Id,
        ["address"] = "fa:16:3e:11:22:35",
        ["type"] = "ovs",
        ["devname"] = "tap7c1e5a4f-2b",
        ["network"] = new JsonObject { ["bridge"] = "br-int" },
        ["details"] = new JsonObject { ["port_filter"] = true, ["ovs_hybrid_plug"] = false },
    };

    public static JsonObject Tap() => new()
    {
        ["id"] = Id,
        ["address"] = "fa:16:3e:11:22:36",
        ["type"] = "tap",
        ["devname"] = "tap7c1e5a4f-2b",
    };
}
