using System.Text;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Links;

/// <summary>The kernel's rules for interface names (dev_valid_name), checked before any syscall.</summary>
public static class LinkName
{
    /// <summary>IFNAMSIZ is 16 including the terminating NUL.</summary>
    public const int MaxBytes = 15;

    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return "a device name cannot be empty";
        int bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxBytes)
            return $"it is {bytes} bytes long; device names hold at most {MaxBytes} bytes";
        if (name is "." or "..")
            return "'.' and '..' are not device names";
        foreach (char c in name)
        {
            if (c == '/' || c == ':' || char.IsWhiteSpace(c) || char.IsControl(c))
                return $"device names cannot contain '{(char.IsWhiteSpace(c) ? "whitespace" : c.ToString())}'";
        }
        return null;
    }

    public static string Validate(string? name) =>
        Problem(name) is { } problem ? throw new InvalidLinkNameException(name ?? "", problem) : name!;
}
