"""spinemets faces: the SQLite session store and the recorder that saves each answer."""
