using System.Globalization;
using System.Xml.Linq;
using Tapyard.Core.Nics;

namespace Tapyard.Hypervisors.Libvirt;

/// <summary>
/// Writes an &lt;interface&gt; element. Child order follows libvirt's own formatter where it matters
/// to a reader (mac, source, vlan, virtualport, target, model, driver, bandwidth); libvirt's schema
/// accepts any order.
/// </summary>
public static class LibvirtInterfaceXml
{
    public static XElement Build(LibvirtInterface nic)
    {
        var element = new XElement("interface", new XAttribute("type", LibvirtNames.Of(nic.Type)),
            new XElement("mac", new XAttribute("address", nic.Mac.ToString())));

        switch (nic.Type)
        {
            case LibvirtInterfaceType.Direct:
                element.Add(new XElement("source",
                    new XAttribute("dev", Required(nic.SourceDev, "source dev")),
                    new XAttribute("mode", LibvirtNames.DirectMode(nic.DirectMode ?? NicParamsRules.DefaultMvtapMode))));
                break;
            case LibvirtInterfaceType.Bridge:
                element.Add(new XElement("source", new XAttribute("bridge", Required(nic.SourceBridge, "source bridge"))));
                break;
            case LibvirtInterfaceType.Ethernet:
                break;
        }

        if (nic.VlanTag is { } tag)
            element.Add(new XElement("vlan", new XElement("tag", new XAttribute("id", Number(tag)))));

        if (nic.OpenvswitchPort)
        {
            var port = new XElement("virtualport", new XAttribute("type", "openvswitch"));
            if (nic.InterfaceId is { } id)
                port.Add(new XElement("parameters", new XAttribute("interfaceid", id.ToString("D"))));
            element.Add(port);
        }

        if (nic.TargetDev is not null || nic.TargetUnmanaged)
        {
            var target = new XElement("target", new XAttribute("dev", Required(nic.TargetDev, "target dev")));
            if (nic.TargetUnmanaged)
                target.Add(new XAttribute("managed", "no"));
            element.Add(target);
        }

        element.Add(new XElement("model", new XAttribute("type", nic.Model)));

        if (nic.Queues > 1 || nic.DriverName is not null)
        {
            var driver = new XElement("driver");
            if (nic.DriverName is not null)
                driver.Add(new XAttribute("name", nic.DriverName));
            if (nic.Queues > 1)
                driver.Add(new XAttribute("queues", Number(nic.Queues)));
            element.Add(driver);
        }

        if (nic.Inbound is not null || nic.Outbound is not null)
        {
            var bandwidth = new XElement("bandwidth");
            if (nic.Inbound is { } inbound)
                bandwidth.Add(Limit("inbound", inbound));
            if (nic.Outbound is { } outbound)
                bandwidth.Add(Limit("outbound", outbound));
            element.Add(bandwidth);
        }
        return element;
    }

    /// <summary>libvirt's units: average and peak in kilobytes per second, burst in kilobytes (as <see cref="BandwidthLimit"/>).</summary>
    private static XElement Limit(string direction, BandwidthLimit limit)
    {
        var element = new XElement(direction, new XAttribute("average", Number(limit.Average)));
        if (limit.Peak is { } peak)
            element.Add(new XAttribute("peak", Number(peak)));
        if (limit.Burst is { } burst)
            element.Add(new XAttribute("burst", Number(burst)));
        return element;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Required(string? value, string what) =>
        value ?? throw new ArgumentException($"an interface of this type needs its {what}");
}
