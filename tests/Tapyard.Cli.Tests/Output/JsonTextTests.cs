using Tapyard.Cli.Output;

namespace Tapyard.Cli.Tests.Output;

public sealed class JsonTextTests
{
    [Fact]
    public void Writes_plain_values_in_the_order_given()
    {
        var value = new JsonObject { { "b", 1 }, { "a", "x\"y" }, { "n", null }, { "ok", true }, { "list", new[] { 1.23456, 2.0 } } };
        Assert.Equal("""
            {
              "b": 1,
              "a": "x\u0022y",
              "n": null,
              "ok": true,
              "list": [
                1.235,
                2
              ]
            }
            """, JsonText.Serialize(value));
    }

    [Fact]
    public void Refuses_values_it_cannot_write_plainly()
    {
        Assert.Throws<ArgumentException>(() => JsonText.Serialize(new JsonObject { { "when", DateTime.UnixEpoch } }));
    }
}
