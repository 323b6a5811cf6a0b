"""Third batch of written gold examples, blind like make_blind.py: annotated before the extractor
was run on them; their first score is recorded in corpus/gold/README.md.
Run from the repository root: python corpus/gold/written/make_blind_2.py
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
D = "directives"
EXAMPLES = [
 {"id": "vi-written-15", "lang": "vi",
  "text": "Sáng 18/9, Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Quảng Ngãi tổ chức hội nghị sơ kết 9 tháng. Đồng chí Võ Thanh Hải, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh chủ trì hội nghị.\nTheo báo cáo, trong 62 nhiệm vụ được giao, có 40 nhiệm vụ đã hoàn thành (chiếm 64,5%), 18 nhiệm vụ đang triển khai và 4 nhiệm vụ chưa triển khai.\nChỉ số chuyển đổi số (DTI) năm 2024 của tỉnh xếp thứ 20/63, tăng 11 bậc so với năm 2023.\nPhát biểu chỉ đạo, đồng chí Võ Thanh Hải đề nghị thời gian tới, các cơ quan, đơn vị cần tập trung hoàn thiện hạ tầng số tại các xã vùng cao. Về nhiệm vụ trọng tâm, đồng chí yêu cầu Sở Khoa học và Công nghệ chủ trì xây dựng nền tảng dữ liệu dùng chung của tỉnh, hoàn thành trong quý IV/2025.",
  "gold": {"province": "Quảng Ngãi",
           "officials": [{"name": "Võ Thanh Hải", "role": "chair"}],
           "task_reports": [{"total": 62, "completed": 40, "completed_percent": 64.5, "in_progress": 18, "not_started": 4}],
           "rankings": [{"rank": 20, "out_of": 63, "index": "Chỉ số chuyển đổi số (DTI)"}],
           D: [{"text": "Phát biểu chỉ đạo, đồng chí Võ Thanh Hải đề nghị thời gian tới, các cơ quan, đơn vị cần tập trung hoàn thiện hạ tầng số tại các xã vùng cao.", "issuer": "Võ Thanh Hải"},
               {"text": "Về nhiệm vụ trọng tâm, đồng chí yêu cầu Sở Khoa học và Công nghệ chủ trì xây dựng nền tảng dữ liệu dùng chung của tỉnh, hoàn thành trong quý IV/2025.", "issuer": "Võ Thanh Hải"}]}},
 {"id": "en-written-16", "lang": "en",
  "text": "On the afternoon of September 12, the Steering Committee for Science, Technology, Innovation and Digital Transformation of Vinh Long province held a meeting to review the work in the third quarter. Comrade Tran Van Lau, Member of the Provincial Party Standing Committee, Permanent Vice Chairman of the Provincial People's Committee, Deputy Head of the Steering Committee chaired the meeting.\nTo date, the province has completed 35/47 tasks, reaching 74.5%; the remaining 12 tasks are being implemented.\nIn the Public Administration Reform Index (PAR Index), the province ranked 3rd in the Mekong Delta region and 12th nationwide.\nConcluding the meeting, Comrade Tran Van Lau requested: Departments, branches and localities continue to thoroughly grasp the spirit of Resolution 57.\nAt the same time, focus on removing obstacles in digital infrastructure investment and complete the provincial data center before December 31, 2025.",
  "gold": {"province": "Vĩnh Long",
           "officials": [{"name": "Tran Van Lau", "role": "chair"}],
           "task_reports": [{"total": 47, "completed": 35, "completed_percent": 74.5, "in_progress": 12}],
           "rankings": [{"rank": 3, "out_of": None, "index": "Public Administration Reform Index (PAR Index)"},
                        {"rank": 12, "out_of": None, "index": "Public Administration Reform Index (PAR Index)"}],
           D: [{"text": "Concluding the meeting, Comrade Tran Van Lau requested: Departments, branches and localities continue to thoroughly grasp the spirit of Resolution 57.", "issuer": "Tran Van Lau"},
               {"text": "At the same time, focus on removing obstacles in digital infrastructure investment and complete the provincial data center before December 31, 2025.", "issuer": "Tran Van Lau"}]}},
 {"id": "ru-written-17", "lang": "ru",
  "text": "Вечером 2 июля товарищ Нгуен Тхань Хай, член Центрального комитета партии, секретарь провинциального комитета партии, глава Руководящего комитета по развитию науки, технологий, инноваций и цифровой трансформации провинции Тхайнгуен, председательствовал на заседании комитета.\nВ заседании также приняли участие товарищ Фам Хоанг Сон, заместитель секретаря провинциального комитета партии, и руководители департаментов.\nНа данный момент выполнено 16/30 задач; 14 задач находятся в стадии реализации.\nВыступая на заседании, товарищ Нгуен Тхань Хай предложил департаментам и отделам до конца года завершить оцифровку архивов. Он поручил Департаменту финансов выделить средства на обучение цифровым навыкам.",
  "gold": {"province": "Thái Nguyên",
           "officials": [{"name": "Нгуен Тхань Хай", "role": "chair"}, {"name": "Фам Хоанг Сон", "role": "attendee"}],
           "task_reports": [{"total": 30, "completed": 16, "in_progress": 14}],
           "rankings": [],
           D: [{"text": "Выступая на заседании, товарищ Нгуен Тхань Хай предложил департаментам и отделам до конца года завершить оцифровку архивов.", "issuer": "Нгуен Тхань Хай"},
               {"text": "Он поручил Департаменту финансов выделить средства на обучение цифровым навыкам.", "issuer": "Нгуен Тхань Хай"}]}},
 {"id": "uk-written-18", "lang": "uk",
  "text": "Увечері 8 серпня в провінції Кантхо відбулося засідання Керівного комітету з розвитку науки, технологій, інновацій та цифрової трансформації. Засідання очолив товариш Ле Куанг Тунг, заступник секретаря міського комітету партії.\nЗа звітом, з 45 завдань завершено 30, решта 15 — у процесі виконання.\nЗа індексом PAR місто посіло 4-те місце серед 34 провінцій і міст.\nТовариш Ле Куанг Тунг закликав департаменти активніше впроваджувати штучний інтелект і доручив Департаменту внутрішніх справ до 15 вересня 2025 року подати звіт про онлайн-послуги.",
  "gold": {"province": "Cần Thơ",
           "officials": [{"name": "Ле Куанг Тунг", "role": "chair"}],
           "task_reports": [{"total": 45, "completed": 30, "in_progress": 15}],
           "rankings": [{"rank": 4, "out_of": 34, "index": "індексом PAR"}],
           D: [{"text": "Товариш Ле Куанг Тунг закликав департаменти активніше впроваджувати штучний інтелект і доручив Департаменту внутрішніх справ до 15 вересня 2025 року подати звіт про онлайн-послуги.", "issuer": "Ле Куанг Тунг"}]}},
 {"id": "vi-written-19", "lang": "vi",
  "text": "Chiều 3-12, Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số phường Hòa Khánh (TP Đà Nẵng) họp đánh giá kết quả năm 2025. Bà Nguyễn Thị Kim Oanh, Chủ tịch UBND phường, Phó Trưởng ban Thường trực chủ trì cuộc họp.\nNăm 2025, phường triển khai hai mươi nhiệm vụ, đến nay đã hoàn thành mười lăm nhiệm vụ, năm nhiệm vụ còn lại đang thực hiện.\nBà Nguyễn Thị Kim Oanh giao Văn phòng HĐND và UBND phường phối hợp với Công an phường làm sạch dữ liệu dân cư trước ngày 20/12/2025.",
  "gold": {"province": "Đà Nẵng",
           "officials": [{"name": "Nguyễn Thị Kim Oanh", "role": "chair"}],
           "task_reports": [{"total": 20, "completed": 15, "in_progress": 5}],
           "rankings": [],
           D: [{"text": "Bà Nguyễn Thị Kim Oanh giao Văn phòng HĐND và UBND phường phối hợp với Công an phường làm sạch dữ liệu dân cư trước ngày 20/12/2025.", "issuer": "Nguyễn Thị Kim Oanh"}]}},
 {"id": "en-written-20", "lang": "en",
  "text": "General Secretary To Lam, Head of the Central Steering Committee on Science, Technology, Innovation and Digital Transformation, chaired a meeting of the committee in Hanoi on December 10.\nAttending the meeting were Prime Minister Pham Minh Chinh and National Assembly Chairman Tran Thanh Man.\nOf the 180 tasks due in 2025, 120 have been completed on time, 10 were completed behind schedule and 50 are still underway.\nThe General Secretary asked ministries and localities to put the national data centre into full operation in the first quarter of 2026. He noted that officials who delay digital projects must be held accountable.",
  "gold": {"province": None,
           "officials": [{"name": "To Lam", "role": "chair"}, {"name": "Pham Minh Chinh", "role": "attendee"},
                         {"name": "Tran Thanh Man", "role": "attendee"}],
           "task_reports": [{"total": 180, "completed_on_time": 120, "completed_late": 10, "in_progress": 50}],
           "rankings": [],
           D: [{"text": "The General Secretary asked ministries and localities to put the national data centre into full operation in the first quarter of 2026.", "issuer": "To Lam"}]}},
]

for ex in EXAMPLES:
    ex["written"] = True
    ex["note"] = ("Written for the gold set in the style of real reports; annotated before the extractor "
                  "was run on it (blind batch 2, 2026-11-22).")
    (HERE.parent / f"{ex['id']}.json").write_text(json.dumps(ex, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(len(EXAMPLES), "blind written examples (batch 2)")
