namespace Tapyard.Testing;

/// <summary>Kernel tests need root; without it they fail with this message instead of skipping silently.</summary>
public static class Root
{
    public static void Require()
    {
        if (!IsEffectiveRoot())
            Assert.Fail("this test creates network namespaces and devices: run the tests as root (./tapyard test does under CI)");
    }

    private static bool IsEffectiveRoot() => File.ReadAllLines("/proc/self/status")
        .FirstOrDefault(l => l.StartsWith("Uid:"))?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) == "0";
}
