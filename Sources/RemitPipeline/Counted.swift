/// `1 warning`, `2 warnings`: a count and its noun, as `remit check` and the run summary
/// print them.
func counted(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(number) \(number == 1 ? singular : plural ?? singular + "s")"
}
