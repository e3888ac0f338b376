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
}
