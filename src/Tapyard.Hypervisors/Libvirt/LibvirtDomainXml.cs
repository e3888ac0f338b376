using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Tapyard.Hypervisors.Libvirt;

/// <summary>
/// Writes a complete &lt;domain&gt; for `virsh define`: memory, vCPUs, direct kernel boot, the NICs, a
/// serial console and no devices Tapyard does not manage (no disks, no balloon, no graphics).
/// </summary>
public static class LibvirtDomainXml
{
    public static XElement Build(LibvirtDomain domain)
    {
        if (domain.DomainType is not (LibvirtDomain.Kvm or LibvirtDomain.Qemu))
            throw new ArgumentException($"domain type '{domain.DomainType}' is not kvm or qemu", nameof(domain));

        var os = new XElement("os", new XElement("type", new XAttribute("arch", "x86_64"), "hvm"));
        if (domain.Boot is { } boot)
        {
            os.Add(new XElement("kernel", boot.Kernel));
            if (boot.Initrd is not null)
                os.Add(new XElement("initrd", boot.Initrd));
            if (boot.Cmdline is not null)
                os.Add(new XElement("cmdline", boot.Cmdline));
        }

        var devices = new XElement("devices");
        if (domain.Emulator is not null)
            devices.Add(new XElement("emulator", domain.Emulator));
        foreach (var nic in domain.Interfaces)
            devices.Add(LibvirtInterfaceXml.Build(nic));
        devices.Add(Serial(domain.SerialSocket, domain.SerialLog, domain.SerialLogAppend));
        devices.Add(new XElement("console", new XAttribute("type", domain.SerialSocket is null ? "pty" : "unix"),
            domain.SerialSocket is null ? null : new XElement("source", new XAttribute("mode", "bind"), new XAttribute("path", domain.SerialSocket)),
            new XElement("target", new XAttribute("type", "serial"), new XAttribute("port", "0"))));
        devices.Add(new XElement("memballoon", new XAttribute("model", "none")));

        return new XElement("domain", new XAttribute("type", domain.DomainType),
            new XElement("name", domain.Name),
            new XElement("uuid", domain.Uuid.ToString("D")),
            new XElement("memory", new XAttribute("unit", "MiB"), domain.MemoryMiB.ToString(CultureInfo.InvariantCulture)),
            new XElement("vcpu", domain.Vcpus.ToString(CultureInfo.InvariantCulture)),
            os,
            new XElement("features", new XElement("acpi")),
            new XElement("on_poweroff", "destroy"),
            new XElement("on_reboot", "restart"),
            new XElement("on_crash", "destroy"),
            devices);
    }

    /// <summary>The element as text, indented by two spaces, without an XML declaration (as virsh dumpxml prints).</summary>
    public static string ToText(XElement element)
    {
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, IndentChars = "  ", NewLineChars = "\n" };
        using (var writer = XmlWriter.Create(text, settings))
            element.WriteTo(writer);
        return text.Append('\n').ToString();
    }

    private static XElement Serial(string? socket, string? log, bool append) =>
        socket is null
            ? new XElement("serial", new XAttribute("type", "pty"), new XElement("target", new XAttribute("port", "0")))
            : new XElement("serial", new XAttribute("type", "unix"),
                new XElement("source", new XAttribute("mode", "bind"), new XAttribute("path", socket)),
                log is null ? null : new XElement("log", new XAttribute("file", log), new XAttribute("append", append ? "on" : "off")),
                new XElement("target", new XAttribute("port", "0")));
}
