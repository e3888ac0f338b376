using Tapyard.Cli.Output;

namespace Tapyard.Cli.Tests.Output;

public sealed class TableWriterTests
{
    private static string Write(IReadOnlyList<string>? headers, string[][] rows, bool[] right, string? separator = null)
    {
        var writer = new StringWriter();
        TableWriter.Write(writer, headers, rows, right, separator);
        return writer.ToString();
    }

    [Fact]
    public void Columns_are_padded_to_the_widest_cell_numbers_right_aligned_no_trailing_blanks()
    {
        string text = Write(["Name", "Index", "Mode"], [["lo", "1", "-"], ["mvt-bridge", "701609", "bridge"]], [false, true, false]);
        Assert.Equal(
            "Name        Index Mode\n" +
            "lo              1 -\n" +
            "mvt-bridge 701609 bridge\n", text);
    }

    [Fact]
    public void Without_headers_only_rows_are_written()
    {
        Assert.Equal("a 1\n", Write(null, [["a", "1"]], [false, true]));
    }

    [Fact]
    public void A_separator_joins_cells_without_padding()
    {
        Assert.Equal("Name|Index\nlo|1\n", Write(["Name", "Index"], [["lo", "1"]], [false, true], "|"));
    }

    [Fact]
    public void An_empty_list_still_has_its_header()
    {
        Assert.Equal("Name Index\n", Write(["Name", "Index"], [], [false, true]));
    }

    [Fact]
    public void Ganeti_style_leaves_a_left_aligned_last_column_unpadded_but_keeps_the_joining_space()
    {
        var writer = new StringWriter();
        TableWriter.Write(writer, ["Network", "GroupList", "Tags"], [["vtap-net", "default (bridged, br0, )", ""], ["big16", "", ""]],
            [false, false, false], style: TableStyle.Ganeti);
        Assert.Equal(
            "Network  GroupList                Tags\n" +
            "vtap-net default (bridged, br0, ) \n" +
            "big16                             \n", writer.ToString());
    }

    [Fact]
    public void Ganeti_style_pads_a_right_aligned_last_column()
    {
        var writer = new StringWriter();
        TableWriter.Write(writer, ["Network", "FreeCount"], [["a", "12"]], [false, true], style: TableStyle.Ganeti);
        Assert.Equal("Network FreeCount\na              12\n", writer.ToString());
    }
}
