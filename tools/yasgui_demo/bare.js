/* Yasgui with its defaults, for check.py's control run: nothing configured. */
window.BARE = new Yasgui(document.getElementById("yasgui"), {});
