using System.Text.Json;
using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Tests.Output;

public sealed class ListPrinterTests
{
    private sealed record Row(string Name, int? Vlan, int Tx, int Rx, bool Up);

    private static readonly IReadOnlyList<Field<Row>> Fields =
    [
        new("name", "Name", r => r.Name),
        new("vlan", "VLAN", r => r.Vlan) { Numeric = true },
        new("queues", "Queues", r => new JsonObject { { "tx", r.Tx }, { "rx", r.Rx } }) { Numeric = true, Text = r => $"{r.Tx}/{r.Rx}" },
        new("up", "Up", r => r.Up) { ShownByDefault = false },
    ];

    private static readonly Row[] Rows = [new("eth0", null, 1, 1, true), new("vlan10", 10, 4, 2, false)];

    [Fact]
    public void Table_shows_default_fields_with_dash_for_none_and_field_text()
    {
        var writer = new StringWriter();
        ListPrinter.WriteTable(writer, Rows, ListPrinter.Choose(Fields, null));
        Assert.Equal(
            "Name   VLAN Queues\n" +
            "eth0      -    1/1\n" +
            "vlan10   10    4/2\n", writer.ToString());
    }

    [Fact]
    public void Json_is_an_array_of_objects_with_stable_lower_case_keys_in_field_order()
    {
        string json = ListPrinter.ToJson(Rows, Fields);
        using var document = JsonDocument.Parse(json);
        var array = document.RootElement;
        Assert.Equal(JsonValueKind.Array, array.ValueKind);
        Assert.Equal(["name", "vlan", "queues", "up"], array[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, array[0].GetProperty("vlan").ValueKind);
        Assert.Equal(10, array[1].GetProperty("vlan").GetInt32());
        Assert.Equal(4, array[1].GetProperty("queues").GetProperty("tx").GetInt32());
        Assert.False(array[1].GetProperty("up").GetBoolean());
    }

    [Fact]
    public void An_empty_list_is_an_empty_json_array()
    {
        Assert.Equal("[]", ListPrinter.ToJson([], Fields));
    }

    [Fact]
    public void Selection_replaces_the_defaults_or_adds_to_them_with_plus()
    {
        Assert.Equal(["up", "name"], ListPrinter.Choose(Fields, "up,name").Select(f => f.Name));
        Assert.Equal(["name", "vlan", "queues", "up"], ListPrinter.Choose(Fields, "+up").Select(f => f.Name));
    }

    [Fact]
    public void Unknown_field_is_a_usage_error_listing_the_fields()
    {
        var e = Assert.Throws<UsageException>(() => ListPrinter.Choose(Fields, "name,nope"));
        Assert.Contains("unknown field 'nope'", e.Message);
        Assert.Contains("name,vlan,queues,up", e.Message);
    }
}
