using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Vigil.Plugins.Abstractions;

namespace Vigil.Plugins.Hosting;

/// <summary>Reads which kit SDK version a kit assembly was built against, without loading it.</summary>
internal static class KitSdkReference
{
    public const string SdkAssemblyName = "Vigil.Plugins.Abstractions";

    /// <summary>The SDK version the assembly references, or <see langword="null"/> when it references none.</summary>
    public static Version? Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            if (metadata.StringComparer.Equals(reference.Name, SdkAssemblyName))
            {
                return reference.Version;
            }
        }

        return null;
    }

    /// <summary>Why the kit cannot run on this host's SDK, or <see langword="null"/> when it can.</summary>
    public static string? Incompatibility(Version? kitSdk) => kitSdk switch
    {
        null => $"it does not reference the kit SDK ({SdkAssemblyName})",
        _ when !KitSdk.IsCompatible(kitSdk) =>
            $"it was built against kit SDK {kitSdk} but this kit host runs kit SDK {KitSdk.Version}; the major versions must match (rebuild the kit against SDK {KitSdk.MajorVersion}.x)",
        _ => null,
    };
}
