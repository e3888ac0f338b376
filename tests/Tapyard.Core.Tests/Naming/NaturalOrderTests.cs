using Tapyard.Core.Naming;

namespace Tapyard.Core.Tests.Naming;

public sealed class NaturalOrderTests
{
    [Fact]
    public void Sorting_by_precomputed_keys_agrees_with_the_comparer()
    {
        var random = new Random(3);
        string alphabet = "ab01-_9";
        var names = Enumerable.Range(0, 2000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(1, 8)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
            .ToList();

        var byKeys = names.OrderByName(n => n);
        var byComparer = names.OrderBy(n => n, NaturalComparer.Instance).ToList();

        Assert.Equal(byComparer, byKeys);
    }

    [Fact]
    public void Numbers_of_different_lengths_and_leading_zeros_and_digits_before_other_characters()
    {
        string[] names = ["inst10000", "inst9", "inst0010", "inst10", "inst", "inst-1", "inst1"];
        Assert.Equal(["inst", "inst1", "inst9", "inst0010", "inst10", "inst10000", "inst-1"], names.OrderByName(n => n));
    }
}
