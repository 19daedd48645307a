import GisementShared

print("gisement-bench: under construction")
