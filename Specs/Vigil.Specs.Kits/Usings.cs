global using Vigil.Plugins.Abstractions;
global using Vigil.Plugins.Hosting;
global using Xunit;
