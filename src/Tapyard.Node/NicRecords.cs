using System.Text.Json;
using Tapyard.Core.Errors;
using Tapyard.Linux.Files;

namespace Tapyard.Node;

/// <summary>
/// The runtime records of one node: &lt;run&gt;/nics/&lt;node&gt;/&lt;device&gt;.json. A device name is
/// reserved by creating its record file with O_EXCL (FileMode.CreateNew), so two Tapyard processes
/// can never pick the same name; the full record then replaces the empty reservation atomically
/// (temp file, fsync, rename, fsync the directory). An empty record file is a reservation whose
/// device was never created: the device is created only after the full record is durable.
/// </summary>
public sealed class NicRecords
{
    public const string Extension = ".json";
    private const string TempMarker = ".tmp.";
    private const int MaxNumber = 99_999;

    public NicRecords(string runtimeDirectory, string node)
    {
        if (string.IsNullOrEmpty(node) || node.Contains('/') || node is "." or "..")
            throw new TapyardException($"invalid node name '{node}' for a runtime record directory");
        Node = node;
        Directory = Path.Combine(Path.GetFullPath(runtimeDirectory), "nics", node);
    }

    public string Node { get; }

    public string Directory { get; }

    public string PathOf(string device) => Path.Combine(Directory, device + Extension);

    /// <summary>
    /// Reserves the first free name <paramref name="prefix"/>N: not reserved by a record, not in
    /// <paramref name="namesInUse"/> (the node's devices), and won by O_EXCL against other processes.
    /// </summary>
    public string ReserveName(string prefix, IReadOnlySet<string> namesInUse)
    {
        EnsureDirectory();
        var reserved = ReservedNames();
        for (int n = 0; n <= MaxNumber; n++)
        {
            string name = prefix + n;
            if (reserved.Contains(name) || namesInUse.Contains(name))
                continue;
            // Another process may reserve it between our listing and our create: then try the next one.
            if (CreateReservation(name))
                return name;
        }
        throw new TapyardException($"no free device name {prefix}0..{prefix}{MaxNumber} on node {Node}; remove stale records in {Directory}");
    }

    /// <summary>
    /// Reserves the given device name (one its caller chose, e.g. Nova's devname); false when a record
    /// or reservation of that name exists already, also one another process made a moment ago.
    /// </summary>
    public bool TryReserve(string device)
    {
        EnsureDirectory();
        return CreateReservation(device);
    }

    private bool CreateReservation(string name)
    {
        try
        {
            // CreateNew is open(O_CREAT|O_EXCL): exactly one process wins this name.
            using (new FileStream(PathOf(name), FileMode.CreateNew, FileAccess.Write, FileShare.None)) { }
            DirectorySync.Sync(Directory);
            return true;
        }
        catch (IOException) when (File.Exists(PathOf(name)))
        {
            return false;
        }
    }

    /// <summary>Writes (or replaces) a record atomically and durably.</summary>
    public void Write(NicRecord record)
    {
        EnsureDirectory();
        string path = PathOf(record.Device);
        string temp = $"{path}{TempMarker}{Environment.ProcessId}.{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, record, NicRecordJsonContext.Default.NicRecord);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        DirectorySync.Sync(Directory);
    }

    /// <summary>Removes a record (or reservation); call only once its device is gone.</summary>
    public void Delete(string device)
    {
        if (!System.IO.Directory.Exists(Directory))
            return;
        File.Delete(PathOf(device));
        DirectorySync.Sync(Directory);
    }

    /// <summary>The record of <paramref name="device"/>; null for none, an empty reservation, or an unreadable file.</summary>
    public NicRecord? TryRead(string device)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(PathOf(device)); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        if (bytes.Length == 0)
            return null;
        try { return JsonSerializer.Deserialize(bytes, NicRecordJsonContext.Default.NicRecord); }
        catch (JsonException) { return null; }
    }

    /// <summary>Every complete record of this node (reservations without a record are skipped).</summary>
    public IReadOnlyList<NicRecord> ReadAll() =>
        ReservedNames().Order(StringComparer.Ordinal).Select(TryRead).OfType<NicRecord>().ToList();

    /// <summary>The device names that have a record file, complete or a bare reservation.</summary>
    public IReadOnlySet<string> ReservedNames()
    {
        if (!System.IO.Directory.Exists(Directory))
            return new HashSet<string>();
        return System.IO.Directory.EnumerateFiles(Directory, "*" + Extension)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(file => file.EndsWith(Extension, StringComparison.Ordinal) && !file.Contains(TempMarker, StringComparison.Ordinal))
            .Select(file => file[..^Extension.Length])
            .ToHashSet(StringComparer.Ordinal);
    }

    private void EnsureDirectory()
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("runtime records live on Linux only");
        System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
