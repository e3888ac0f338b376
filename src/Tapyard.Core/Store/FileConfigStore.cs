using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Files;

namespace Tapyard.Core.Store;

/// <summary>
/// The embedded store: one JSON document, config.json, in the state directory (as Ganeti's
/// config.data). Reads take no lock (a commit replaces the file by rename, so a reader sees the old
/// or the new document, never a mix). Commits are serialized across processes by flock on
/// config.lock, compare the stored serial with the expected one, and write durably: a temp file in
/// the same directory, fsync, rename over config.json, fsync the directory. A file this build cannot
/// read whole (corrupt, newer schema) is refused by loads and commits alike and never overwritten.
/// </summary>
public sealed class FileConfigStore : IConfigStore
{
    public const string FileName = "config.json";
    public const string LockFileName = "config.lock";
    /// <summary>Temp files are "config.json.tmp.PID.RANDOM"; one left by a crash is ignored and removed by the next commit.</summary>
    public const string TempPrefix = FileName + ".tmp.";

    private static readonly UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private static readonly UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TimeSpan _lockTimeout;
    // Guards the fields below; held (re-entrantly, by one thread) while this store holds the file lock.
    private readonly object _gate = new();
    private FileLock? _fileLock;
    private int _lockDepth;
    // The bytes last read or written and their revision: a commit finding the same bytes on disk
    // need not parse them again (a 10,000-instance config takes tens of milliseconds to parse).
    private byte[]? _knownBytes;
    private long _knownRevision;

    public FileConfigStore(string stateDirectory, TimeSpan? lockTimeout = null)
    {
        Directory = Path.GetFullPath(stateDirectory);
        ConfigPath = Path.Combine(Directory, FileName);
        LockPath = Path.Combine(Directory, LockFileName);
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
    }

    public string Directory { get; }
    public string ConfigPath { get; }
    public string LockPath { get; }
    public string Location => ConfigPath;

    public VersionedConfig Load()
    {
        byte[]? bytes = ReadStoredBytes();
        if (bytes is null)
            return new VersionedConfig(null, 0);
        var config = ConfigDocument.Parse(bytes, ConfigPath);
        Remember(bytes, config.Serial);
        return new VersionedConfig(config, config.Serial) { Document = bytes };
    }

    /// <summary>config.json exists (whether it can be read is for <see cref="Load"/> to say).</summary>
    public bool IsInitialized() => File.Exists(ConfigPath);

    public long? TryCommit(ClusterConfig config, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedRevision);
        using var writers = LockWriters();
        if (StoredRevision() != expectedRevision)
            return null;

        long newRevision = expectedRevision + 1;
        long oldSerial = config.Serial;
        int oldSchema = config.SchemaVersion;
        config.Serial = newRevision;
        config.SchemaVersion = ClusterConfig.CurrentSchemaVersion;
        byte[] bytes;
        try
        {
            bytes = ConfigDocument.Serialize(config);
            RemoveLeftoverTempFiles();
            WriteDurably(bytes);
        }
        catch
        {
            config.Serial = oldSerial;
            config.SchemaVersion = oldSchema;
            throw;
        }
        Remember(bytes, newRevision);
        return newRevision;
    }

    public IDisposable LockWriters()
    {
        if (!Monitor.TryEnter(_gate, _lockTimeout))
            throw LockTimeout();
        try
        {
            if (_lockDepth == 0)
            {
                EnsureDirectory();
                _fileLock = AcquireFileLock();
            }
            _lockDepth++;
            return new WriterLease(this);
        }
        catch
        {
            Monitor.Exit(_gate);
            throw;
        }
    }

    private void ReleaseWriters()
    {
        if (--_lockDepth == 0)
        {
            _fileLock?.Dispose();
            _fileLock = null;
        }
        Monitor.Exit(_gate);
    }

    private FileLock AcquireFileLock()
    {
        try
        {
            return FileLock.TryAcquire(LockPath, _lockTimeout) ?? throw LockTimeout();
        }
        catch (TapyardLinuxException e)
        {
            throw new ConfigStoreException($"cannot lock config {ConfigPath}: {e.Message}", e);
        }
    }

    private ConfigStoreException LockTimeout() =>
        new($"config {ConfigPath} is locked by another process for more than {_lockTimeout.TotalSeconds:0.#} s; " +
            $"retry, or find the holder with `fuser {LockPath}`");

    /// <summary>The revision on disk now; throws as <see cref="Load"/> does when the file cannot be taken over.</summary>
    private long StoredRevision()
    {
        byte[]? bytes = ReadStoredBytes();
        if (bytes is null)
            return 0;
        lock (_gate)
        {
            if (_knownBytes is not null && bytes.AsSpan().SequenceEqual(_knownBytes))
                return _knownRevision;
        }
        long revision = ConfigDocument.Parse(bytes, ConfigPath).Serial;
        Remember(bytes, revision);
        return revision;
    }

    private void Remember(byte[] bytes, long revision)
    {
        lock (_gate)
        {
            _knownBytes = bytes;
            _knownRevision = revision;
        }
    }

    private byte[]? ReadStoredBytes()
    {
        try
        {
            return File.ReadAllBytes(ConfigPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigStoreException($"cannot read config {ConfigPath}: {e.Message}", e);
        }
    }

    private void EnsureDirectory()
    {
        if (System.IO.Directory.Exists(Directory))
            return;
        // The platform checks only satisfy the analyzer: the file store needs Linux (flock, fsync of a directory).
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("the file config store runs on Linux only");
        try
        {
            System.IO.Directory.CreateDirectory(Directory, OwnerOnlyDirectory);
            // The new directory's own entry must survive a power cut too.
            if (Path.GetDirectoryName(Directory) is { } parent)
                DirectorySync.Sync(parent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TapyardLinuxException)
        {
            throw new ConfigStoreException($"cannot create state directory {Directory}: {e.Message}; choose another with --state-dir or TAPYARD_STATE_DIR", e);
        }
    }

    /// <summary>Under the lock no other writer is between its temp file and its rename, so every temp file is a crash's leftover.</summary>
    private void RemoveLeftoverTempFiles()
    {
        foreach (string leftover in System.IO.Directory.EnumerateFiles(Directory, TempPrefix + "*"))
        {
            try
            {
                File.Delete(leftover);
            }
            catch (IOException)
            {
                // Harmless: loads never read temp files; the next commit tries again.
            }
        }
    }

    private void WriteDurably(byte[] bytes)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("the file config store runs on Linux only");
        string temp = Path.Combine(Directory, $"{TempPrefix}{Environment.ProcessId}.{Random.Shared.Next():x8}");
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = OwnerOnlyFile,
            }))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, ConfigPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new ConfigStoreException($"cannot write config {ConfigPath}: {e.Message}; nothing was changed", e);
        }
        try
        {
            DirectorySync.Sync(Directory);
        }
        catch (TapyardLinuxException e)
        {
            throw new ConfigStoreException($"config {ConfigPath} was replaced but may not survive a power cut: {e.Message}", e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    private sealed class WriterLease(FileConfigStore store) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                store.ReleaseWriters();
        }
    }
}
