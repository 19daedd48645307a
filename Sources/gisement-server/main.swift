import GisementServer

print("gisement-server: under construction")
