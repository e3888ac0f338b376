using System.ComponentModel;
using System.Diagnostics;

namespace Tapyard.Testing;

/// <summary>
/// libvirt's own schema check (`virt-xml-validate FILE domain`, from libvirt-clients + libxml2-utils),
/// run as a program with an argument vector. A missing tool fails the test with what to install.
/// </summary>
public static class VirtXmlValidate
{
    public const string Program = "virt-xml-validate";

    /// <summary>The smallest domain an &lt;interface&gt; can be checked in (an element alone is no document libvirt validates).</summary>
    private const string DomainAround = """
        <domain type="qemu">
          <name>interface-check</name>
          <memory unit="MiB">64</memory>
          <os><type arch="x86_64">hvm</type></os>
          <devices>
        {0}
          </devices>
        </domain>
        """;

    public static void AssertValidInterface(string interfaceXml) =>
        AssertValidDomain(DomainAround.Replace("{0}", interfaceXml, StringComparison.Ordinal));

    public static void AssertValidDomain(string domainXml)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"tapyard-virt-xml-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "domain.xml");
            File.WriteAllText(file, domainXml);
            var (exit, output) = Run(file);
            Assert.True(exit == 0, $"{Program} refused the XML (exit {exit}):\n{output}\n--- XML ---\n{domainXml}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (int Exit, string Output) Run(string file)
    {
        var start = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(file);
        start.ArgumentList.Add("domain");
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"{Program} is missing ({e.Message}); install the Debian packages libvirt-clients and libxml2-utils (scripts/ensure-packages.sh)");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                Assert.Fail($"{Program} did not finish in 60 s");
            }
            return (process.ExitCode, stderr + stdout.Result);
        }
    }
}
