using System.ComponentModel;
using System.Diagnostics;
using System.Xml.Linq;
using Tapyard.Hypervisors.Libvirt;

namespace Tapyard.Hypervisors.Tests.Support;

/// <summary>
/// libvirt's own schema check (`virt-xml-validate FILE domain`, from libvirt-clients + libxml2-utils),
/// run as a program with an argument vector. A missing tool fails the test with what to install.
/// </summary>
internal static class VirtXmlValidate
{
    public const string Program = "virt-xml-validate";

    public static void AssertValidDomain(string domainXml)
    {
        using var dir = new TempDirectory("virt-xml");
        string file = dir.File("domain.xml");
        File.WriteAllText(file, domainXml);
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
            return;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0,
                $"{Program} refused the XML (exit {process.ExitCode}):\n{stderr}{stdout.Result}\n--- XML ---\n{domainXml}");
        }
    }

    /// <summary>An &lt;interface&gt; alone is no document libvirt validates: wrap it in the smallest domain.</summary>
    public static void AssertValidInterface(XElement nic)
    {
        var domain = new LibvirtDomain { Name = "vif-check", Uuid = Guid.NewGuid(), MemoryMiB = 64, Vcpus = 1, Interfaces = [] };
        var element = LibvirtDomainXml.Build(domain);
        element.Element("devices")!.AddFirst(nic);
        AssertValidDomain(LibvirtDomainXml.ToText(element));
    }
}
