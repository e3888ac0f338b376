using Tapyard.Core.Errors;

namespace Tapyard.Core.Operations;

/// <summary>Splits Ganeti's "key=value,key=value" option text, refusing empty and repeated keys.</summary>
internal static class KeyValueText
{
    public static List<KeyValuePair<string, string>> Split(string text, string what)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrWhiteSpace(text))
            return pairs;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in text.Split(','))
        {
            int eq = item.IndexOf('=');
            if (eq <= 0 || eq == item.Length - 1)
                throw new TapyardException($"{what} '{item}' in '{text}' is not key=value; write e.g. mode=macvtap,link=eth0");
            string key = item[..eq].Trim();
            string value = item[(eq + 1)..].Trim();
            if (!seen.Add(key))
                throw new TapyardException($"{what} '{key}' is given twice in '{text}'; give it once");
            pairs.Add(new(key, value));
        }
        return pairs;
    }
}
