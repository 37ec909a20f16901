using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using Vigil.Plugins.Abstractions;

namespace Vigil.Plugins.Hosting;

/// <summary>
/// The kits of one kits directory, each folder in its own collectible load context that shares
/// only the kit SDK and Microsoft.Extensions.Logging.Abstractions with the host. Not thread-safe:
/// the kit host serialises calls to it.
/// </summary>
internal sealed class KitCatalog(string kitsDirectory) : IDisposable
{
    private static readonly Type[] SharedTypes = [typeof(IRecoveryKit), typeof(ILogger)];
    private readonly Dictionary<string, LoadedKit> _loaded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KitInfo> _failed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (LoadedKit Kit, ResourceType Type)> _types = new(StringComparer.Ordinal);

    // Unloaded on request: stays unloaded (even though its folder remains) until Reload.
    private readonly HashSet<string> _unloaded = new(StringComparer.Ordinal);

    public string KitsDirectory { get; } = kitsDirectory;

    /// <summary>Loads every folder not loaded yet; a folder that fails is recorded with its error.</summary>
    public void LoadAll()
    {
        if (!System.IO.Directory.Exists(KitsDirectory))
        {
            return;
        }

        foreach (var folder in System.IO.Directory.GetDirectories(KitsDirectory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (!_loaded.ContainsKey(name) && !_unloaded.Contains(name))
            {
                _failed.Remove(name);
                LoadOne(name, folder);
            }
        }
    }

    /// <summary>Loads every folder again, including those unloaded on request.</summary>
    public void Reload()
    {
        _unloaded.Clear();
        LoadAll();
    }

    public IReadOnlyList<KitInfo> Describe() =>
        _loaded.Values.Select(kit => new KitInfo
        {
            Name = kit.Name,
            Directory = kit.Directory,
            Version = kit.Version,
            SdkVersion = kit.SdkVersion,
            Types = kit.Kits.SelectMany(k => k.ResourceTypes).Select(t => t.Definition).ToList(),
        })
        .Concat(_failed.Values)
        .OrderBy(info => info.Name, StringComparer.Ordinal)
        .ToList();

    public bool TryFind(string type, out LoadedKit kit, out ResourceType resourceType)
    {
        var found = _types.TryGetValue(type, out var entry);
        (kit, resourceType) = found ? entry : (null!, null!);
        return found;
    }

    /// <summary>Unloads a kit; the returned reference tracks its load context until it is collected.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public WeakReference? Unload(string name)
    {
        _failed.Remove(name);
        _unloaded.Add(name);
        if (!_loaded.Remove(name, out var kit))
        {
            return null;
        }

        foreach (var type in _types.Where(pair => pair.Value.Kit == kit).Select(pair => pair.Key).ToList())
        {
            _types.Remove(type);
        }

        var context = AssemblyLoadContext.GetLoadContext(kit.Loader.LoadDefaultAssembly());
        var reference = new WeakReference(context);
        kit.Loader.Dispose();
        return reference;
    }

    public void Dispose()
    {
        foreach (var name in _loaded.Keys.ToList())
        {
            Unload(name);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LoadOne(string name, string folder)
    {
        var mainAssembly = FindMainAssembly(name, folder);
        if (mainAssembly is null)
        {
            Fail(name, folder, null, null, $"no kit assembly: expected {name}.dll (or one *.deps.json naming it) in {folder}");
            return;
        }

        var version = AssemblyName.GetAssemblyName(mainAssembly).Version?.ToString();
        Version? sdk;
        try
        {
            sdk = KitSdkReference.Read(mainAssembly);
        }
        catch (BadImageFormatException ex)
        {
            Fail(name, folder, version, null, $"{Path.GetFileName(mainAssembly)} is not a .NET assembly: {ex.Message}");
            return;
        }

        if (KitSdkReference.Incompatibility(sdk) is { } incompatibility)
        {
            Fail(name, folder, version, sdk?.ToString(), $"kit '{name}' refused: {incompatibility}");
            return;
        }

        var loader = PluginLoader.CreateFromAssemblyFile(mainAssembly, isUnloadable: true, SharedTypes, config => config.PreferSharedTypes = true);
        try
        {
            var kits = Instantiate(loader.LoadDefaultAssembly());
            if (kits.Count == 0)
            {
                throw new InvalidOperationException($"no public class implementing {nameof(IRecoveryKit)} in {Path.GetFileName(mainAssembly)}");
            }

            var loaded = new LoadedKit(name, folder, loader, kits, version, sdk!.ToString());
            Register(loaded);
            _loaded.Add(name, loaded);
        }
#pragma warning disable CA1031 // a kit that fails to load for any reason is contained and reported
        catch (Exception ex)
#pragma warning restore CA1031
        {
            loader.Dispose();
            var inner = ex is TargetInvocationException { InnerException: { } cause } ? cause : ex;
            Fail(name, folder, version, sdk!.ToString(), $"kit '{name}' failed to load: {inner.GetType().Name}: {inner.Message}");
        }
    }

    private static List<IRecoveryKit> Instantiate(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRecoveryKit).IsAssignableFrom(t))
            .Select(t => (IRecoveryKit)Activator.CreateInstance(t)!)
            .ToList();

    private void Register(LoadedKit loaded)
    {
        var types = loaded.Kits.SelectMany(k => k.ResourceTypes).ToList();
        foreach (var type in types)
        {
            var typeName = type.Definition.Name;
            if (_types.TryGetValue(typeName, out var existing))
            {
                throw new InvalidOperationException($"resource type '{typeName}' is already provided by kit '{existing.Kit.Name}'");
            }
        }

        foreach (var type in types)
        {
            _types.Add(type.Definition.Name, (loaded, type));
        }
    }

    private void Fail(string name, string folder, string? version, string? sdk, string error) =>
        _failed[name] = new KitInfo { Name = name, Directory = folder, Version = version, SdkVersion = sdk, LoadError = error };

    private static string? FindMainAssembly(string name, string folder)
    {
        var byName = Path.Combine(folder, name + ".dll");
        if (File.Exists(byName))
        {
            return byName;
        }

        var deps = System.IO.Directory.GetFiles(folder, "*.deps.json");
        return deps.Length == 1 && File.Exists(deps[0][..^".deps.json".Length] + ".dll") ? deps[0][..^".deps.json".Length] + ".dll" : null;
    }
}
