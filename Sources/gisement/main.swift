import GisementClient

print("gisement: under construction")
