using System.Text.Json;
using Tapyard.Core.Errors;

namespace Tapyard.Lab;

/// <summary>Reads and writes lab records under STATE_DIR/lab; a write is atomic (temp file, then rename).</summary>
public sealed class LabRecordFile
{
    public LabRecordFile(string stateDirectory) => Directory = Path.Combine(stateDirectory, "lab");

    public string Directory { get; }

    public string PathOf(string labName) => Path.Combine(Directory, $"{labName}.json");

    public LabRecord? Read(string labName)
    {
        string path = PathOf(labName);
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), LabRecordJsonContext.Default.LabRecord)
                ?? throw new JsonException("empty record");
        }
        catch (JsonException e)
        {
            throw new TapyardException($"lab record {path} is unreadable ({e.Message}); remove it by hand, then run 'tapyard lab down --name {labName}'", e);
        }
    }

    public void Write(LabRecord record)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string path = PathOf(record.Name);
        string temp = $"{path}.tmp.{Environment.ProcessId}";
        File.WriteAllText(temp, JsonSerializer.Serialize(record, LabRecordJsonContext.Default.LabRecord));
        File.Move(temp, path, overwrite: true);
    }

    public void Delete(string labName) => File.Delete(PathOf(labName));
}
