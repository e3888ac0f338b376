using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;

namespace Tapyard.Node;

/// <summary>
/// Deletes devices found in one dump: macvtaps (and other kinds with a dellink) in one group delete,
/// paying one RCU grace period; taps one by one, because the tun driver has no dellink and the
/// kernel refuses a group delete of them (EOPNOTSUPP).
/// </summary>
internal static class DeviceRemoval
{
    public static void Delete(LinkOperations links, IReadOnlyCollection<int> indexes, IReadOnlyList<LinkInfo> dump)
    {
        var byIndex = dump.ToDictionary(link => link.Index);
        var taps = indexes.Where(index => byIndex.TryGetValue(index, out var link) && link.Kind == LinkKinds.Tun).ToHashSet();
        links.DeleteMany(indexes.Where(index => !taps.Contains(index)).ToList(), dump);
        foreach (int index in taps)
        {
            try { links.Delete(index); }
            catch (LinkNotFoundException) { }
        }
    }
}
