//! Price from yield and yield from price; accrued interest (Act/Act ICMA, CCDC, CFFEX delivery).
